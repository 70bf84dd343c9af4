using Consultation.Application.Persistence;
using Consultation.Domain.Common;
using Consultation.Domain.Consultations;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Notifications;

/// <summary>
/// Adds one notification per person concerned to the caller's context, inside the caller's transaction: it is saved
/// with the change it announces, or not at all. A person who already has the event (same key) is skipped; a unique
/// index on (person, event) keeps it so even against a concurrent writer.
/// </summary>
internal sealed class NotificationOutbox(TimeProvider clock) : INotificationOutbox
{
    public async Task AddAsync(ConsultationDbContext db, NotificationEvent notification, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var consultation = await db.Consultations.FindAsync([notification.ConsultationId], cancellationToken)
                           ?? throw new InvalidOperationException($"No consultation {notification.ConsultationId} to notify about.");
        var (people, title, link) = await WhatAndWhomAsync(db, consultation, notification, now, cancellationToken);

        var key = EventKey(notification);
        var told = await db.Notifications.Where(n => n.EventKey == key).Select(n => n.PersonId).ToListAsync(cancellationToken);
        told.AddRange(db.Notifications.Local.Where(n => n.EventKey == key).Select(n => n.PersonId));
        foreach (var person in people.Except(told))
            db.Notifications.Add(new Notification(person, key, notification.Kind, consultation.Id, notification.SubmissionId, title, link, now));
    }

    public static string EventKey(NotificationEvent notification) => notification.Occasion is { Length: > 100 }
        ? throw new ArgumentException("An occasion is a short name or an id (100 characters at most).", nameof(notification))
        : $"{notification.Kind}/{notification.ConsultationId:N}/{notification.SubmissionId?.ToString("N") ?? "-"}/{notification.Occasion ?? Guid.NewGuid().ToString("N")}";

    private static async Task<(IReadOnlyCollection<string> People, string Title, string Link)> WhatAndWhomAsync(ConsultationDbContext db,
        PublicConsultation consultation, NotificationEvent notification, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var page = $"/consultations/{consultation.Slug}";
        switch (notification.Kind)
        {
            case NotificationKind.ConsultationOpened:
                return (await NotificationAudience.CommunityAsync(db, now, cancellationToken),
                    $"Open for comment until {UtcText.Of(consultation.ClosesAt)}: {consultation.Title}", page);
            case NotificationKind.ClosingSoon:
                var replies = consultation.AcceptsRepliesAt(now);
                return (await NotificationAudience.CommunityAsync(db, now, cancellationToken),
                    $"The {(replies ? "reply" : "comment")} period closes at {UtcText.Of(replies ? consultation.ReplyClosesAt!.Value : consultation.ClosesAt)}: {consultation.Title}",
                    page);
            case NotificationKind.DispositionPublished:
                var submissionId = notification.SubmissionId ?? throw new ArgumentException("A disposition names its submission.", nameof(notification));
                var submission = await db.Submissions.FindAsync([submissionId], cancellationToken)
                                 ?? throw new InvalidOperationException($"No submission {submissionId} to notify about.");
                return (await NotificationAudience.AuthorsOfAsync(db, submission, now, cancellationToken),
                    $"The response to your submission is published: {consultation.Title}", $"{page}/submissions/{submission.Id}");
            case NotificationKind.ConsensusCallOpened:
                return (await NotificationAudience.ParticipantsAsync(db, consultation.Id, now, cancellationToken),
                    $"Consensus call opened: {consultation.Title}", page);
            case NotificationKind.ConsensusCallUpdated:
                return (await NotificationAudience.ParticipantsAsync(db, consultation.Id, now, cancellationToken),
                    $"Consensus call updated: {consultation.Title}", page);
            case NotificationKind.RecordPublished:
                return (await NotificationAudience.ParticipantsAsync(db, consultation.Id, now, cancellationToken),
                    $"Consensus record published: {consultation.Title}", $"{page}/record");
            default:
                throw new ArgumentOutOfRangeException(nameof(notification), notification.Kind, "No audience for this kind of notification.");
        }
    }
}
