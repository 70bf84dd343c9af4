using Consultation.Application.Persistence;

namespace Consultation.Application.Notifications;

public enum NotificationKind
{
    ConsultationOpened,
    ClosingSoon,
    DispositionPublished,
    ConsensusCallOpened,
    ConsensusCallUpdated,
    RecordPublished,
}

/// <summary>
/// Something people should hear about. <see cref="SubmissionId"/> names the submission for
/// <see cref="NotificationKind.DispositionPublished"/> (its author hears of it); the other kinds concern the
/// consultation as a whole. <see cref="Occasion"/> tells this event apart from others of the same kind about the same
/// thing (a designation's id, "comments-close"): the outbox records an event with the same occasion only once per
/// person, however often it is asked. Without one, each call is an event of its own.
/// </summary>
public sealed record NotificationEvent(NotificationKind Kind, Guid ConsultationId, Guid? SubmissionId = null, string? Occasion = null);

/// <summary>
/// Records notifications inside the caller's write transaction, so that a notification exists exactly when the change
/// it announces was saved. The outbox decides who hears of it; delivery by email happens later, in the background.
/// </summary>
public interface INotificationOutbox
{
    Task AddAsync(ConsultationDbContext db, NotificationEvent notification, CancellationToken cancellationToken);
}
