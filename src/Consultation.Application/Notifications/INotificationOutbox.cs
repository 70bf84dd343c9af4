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
/// consultation as a whole.
/// </summary>
public sealed record NotificationEvent(NotificationKind Kind, Guid ConsultationId, Guid? SubmissionId = null);

/// <summary>
/// Records notifications inside the caller's write transaction, so that a notification exists exactly when the change
/// it announces was saved. The outbox decides who hears of it; delivery by email happens later, in the background.
/// </summary>
public interface INotificationOutbox
{
    Task AddAsync(ConsultationDbContext db, NotificationEvent notification, CancellationToken cancellationToken);
}
