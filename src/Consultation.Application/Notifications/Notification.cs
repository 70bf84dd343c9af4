namespace Consultation.Application.Notifications;

/// <summary>
/// One thing one person should hear about: shown in the portal until read, and emailed once by the background
/// delivery. <see cref="EventKey"/> names the event, so that a person is never told of the same event twice.
/// </summary>
public sealed class Notification
{
    public const int MaxTitleLength = 400;

    private Notification() { }

    internal Notification(string personId, string eventKey, NotificationKind kind, Guid consultationId, Guid? submissionId,
        string title, string link, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        PersonId = personId;
        EventKey = eventKey;
        Kind = kind;
        ConsultationId = consultationId;
        SubmissionId = submissionId;
        Title = title.Length > MaxTitleLength ? title[..(MaxTitleLength - 1)] + "…" : title;
        Link = link;
        CreatedAt = createdAt;
    }

    public Guid Id { get; private set; }
    public string PersonId { get; private set; } = "";
    public string EventKey { get; private set; } = "";
    public NotificationKind Kind { get; private set; }
    public Guid ConsultationId { get; private set; }
    public Guid? SubmissionId { get; private set; }
    public string Title { get; private set; } = "";
    /// <summary>Where it leads in the portal: a path from the site's root ("/consultations/...").</summary>
    public string Link { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? ReadAt { get; private set; }
    public DateTimeOffset? EmailedAt { get; private set; }

    public bool IsRead => ReadAt is not null;

    /// <summary>The first reading counts; reading again changes nothing.</summary>
    public void MarkRead(DateTimeOffset at) => ReadAt ??= at;

    public void MarkEmailed(DateTimeOffset at) => EmailedAt ??= at;
}
