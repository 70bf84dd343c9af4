using Consultation.Domain.Common;

namespace Consultation.Domain.Consultations;

/// <summary>
/// A proceeding that puts one proposal version out for comment: a comment period with fixed UTC
/// instants, extensions recorded with reason, an optional reply period, then review and a record.
/// (Named PublicConsultation because "Consultation" is the product's root namespace.)
/// </summary>
public sealed class PublicConsultation : IConcurrencyAware
{
    /// <summary>ICANN's minimum for a comment period and for a reply period.</summary>
    public static readonly TimeSpan MinimumPeriod = TimeSpan.FromDays(21);

    private readonly List<DeadlineChange> _deadlineChanges = [];

    private PublicConsultation() { }

    public PublicConsultation(string slug, string title, string? summary, Guid proposalVersionId,
        Guid? convenerBodyId, DateTimeOffset opensAt, DateTimeOffset closesAt)
    {
        Guard.Utc(opensAt, "The opening of the comment period");
        Guard.Utc(closesAt, "The close of the comment period");
        Guard.Require(closesAt - opensAt >= MinimumPeriod, "comment-period-minimum",
            $"A comment period lasts at least {MinimumPeriod.TotalDays:0} days.");
        Id = Guid.NewGuid();
        Slug = Common.Slug.Require(slug);
        Title = Guard.Text(title, "consultation-title", "A consultation's title", 300);
        Summary = summary?.Trim();
        ProposalVersionId = proposalVersionId;
        ConvenerBodyId = convenerBodyId;
        OpensAt = opensAt;
        OriginalClosesAt = closesAt;
        ClosesAt = closesAt;
    }

    public Guid Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Title { get; private set; } = "";
    /// <summary>Markdown.</summary>
    public string? Summary { get; private set; }
    public Guid ProposalVersionId { get; private set; }
    /// <summary>The body that runs the proceeding (the ccNSO, ICANN staff...).</summary>
    public Guid? ConvenerBodyId { get; private set; }
    public DateTimeOffset OpensAt { get; private set; }
    public DateTimeOffset OriginalClosesAt { get; private set; }
    /// <summary>The close in force, after extensions or an early closure.</summary>
    public DateTimeOffset ClosesAt { get; private set; }
    public DateTimeOffset? ReplyOpensAt { get; private set; }
    public DateTimeOffset? ReplyClosesAt { get; private set; }
    /// <summary>Set when the consensus record is published.</summary>
    public DateTimeOffset? DecidedAt { get; private set; }
    public IReadOnlyList<DeadlineChange> DeadlineChanges => _deadlineChanges;
    public Guid ConcurrencyToken { get; set; }

    public bool HasReplyPeriod => ReplyOpensAt is not null;

    public ConsultationStatus StatusAt(DateTimeOffset now)
    {
        if (DecidedAt is not null && now >= DecidedAt) return ConsultationStatus.Decided;
        if (now < OpensAt) return ConsultationStatus.Upcoming;
        if (now < ClosesAt) return ConsultationStatus.OpenForComment;
        if (ReplyOpensAt is { } from && ReplyClosesAt is { } to && now >= from && now < to) return ConsultationStatus.ReplyPeriod;
        return ConsultationStatus.InReview;
    }

    /// <summary>Rule: comments are accepted from the opening until the close in force (extensions included).</summary>
    public bool AcceptsCommentsAt(DateTimeOffset now) => StatusAt(now) == ConsultationStatus.OpenForComment;

    /// <summary>The comment period and any reply period are over: what was said can no longer change.</summary>
    public bool PeriodsAreOverAt(DateTimeOffset now) => now >= ClosesAt && (ReplyClosesAt is null || now >= ReplyClosesAt);

    /// <summary>Rule: replies (citing an earlier submission) are accepted only during the reply period.</summary>
    public bool AcceptsRepliesAt(DateTimeOffset now) => StatusAt(now) == ConsultationStatus.ReplyPeriod;

    /// <summary>Rule: a submission made after the original deadline, inside an extension, is marked late.</summary>
    public bool IsLateAt(DateTimeOffset now) => now >= OriginalClosesAt && AcceptsCommentsAt(now);

    /// <summary>Rule: a chair may extend the deadline with a reason, to a later instant, before review is decided and no reply period has begun, and not into a scheduled reply period.</summary>
    public DeadlineChange Extend(DateTimeOffset newClose, string reason, string chairId, DateTimeOffset now)
    {
        Guard.Utc(newClose, "The new close");
        Guard.Require(DecidedAt is null, "extension-before-decision", "A decided consultation cannot be extended.");
        Guard.Require(ReplyOpensAt is null || now < ReplyOpensAt, "extension-before-reply-period",
            "The comment period cannot be extended once a reply period is set.");
        Guard.Require(ReplyOpensAt is null || newClose <= ReplyOpensAt, "extension-before-reply-period",
            $"An extension cannot run into the reply period, which opens at {Guard.Show(ReplyOpensAt)}.");
        Guard.Require(newClose > ClosesAt, "extension-moves-later",
            $"An extension must move the close later than {Guard.Show(ClosesAt)}.");
        Guard.Require(newClose > now, "extension-in-future", "An extension must close in the future.");
        return RecordChange(DeadlineChangeKind.Extension, newClose, reason, chairId, now);
    }

    /// <summary>Rule: a chair may close an open comment period early, with a reason.</summary>
    public DeadlineChange CloseEarly(string reason, string chairId, DateTimeOffset now)
    {
        Guard.Require(AcceptsCommentsAt(now), "close-early-while-open", "Only an open comment period can be closed early.");
        return RecordChange(DeadlineChangeKind.EarlyClosure, now, reason, chairId, now);
    }

    private DeadlineChange RecordChange(DeadlineChangeKind kind, DateTimeOffset newClose, string reason, string chairId, DateTimeOffset now)
    {
        var change = new DeadlineChange(Id, kind, ClosesAt, newClose,
            Guard.Text(reason, "deadline-change-reason", "The reason", 2000), chairId, now);
        _deadlineChanges.Add(change);
        ClosesAt = newClose;
        return change;
    }

    /// <summary>
    /// Rule (ICANN, 2012): a reply period follows the comment period, lasts at least 21 days, and opens
    /// only if substantive comments arrived.
    /// </summary>
    public void OpenReplyPeriod(DateTimeOffset opensAt, DateTimeOffset closesAt, int substantiveComments)
    {
        Guard.Require(ReplyOpensAt is null, "reply-period-once", "This consultation already has a reply period.");
        Guard.Require(substantiveComments > 0, "reply-period-needs-comments",
            "A reply period opens only if substantive comments arrived.");
        Guard.Require(Guard.Utc(opensAt, "The reply period's opening") >= ClosesAt, "reply-period-after-comments",
            "The reply period starts when the comment period has closed.");
        Guard.Require(Guard.Utc(closesAt, "The reply period's close") - opensAt >= MinimumPeriod, "reply-period-minimum",
            $"A reply period lasts at least {MinimumPeriod.TotalDays:0} days.");
        ReplyOpensAt = opensAt;
        ReplyClosesAt = closesAt;
    }

    /// <summary>
    /// Rule: the consensus call weighs every submission, so it opens only once none can arrive any more (in "at once"
    /// review the items may climb while the periods are open); otherwise its record could not be published either.
    /// </summary>
    public void RequirePeriodsOverForConsensusCall(DateTimeOffset now) =>
        Guard.Require(PeriodsAreOverAt(now), "consensus-call-after-periods",
            "The consensus call opens once the comment and reply periods have closed: submissions may still arrive.");

    /// <summary>Rule: the record is published once the comment and reply periods are over.</summary>
    public void MarkDecided(DateTimeOffset at)
    {
        var status = StatusAt(at);
        Guard.Require(status == ConsultationStatus.InReview && (ReplyClosesAt is null || at >= ReplyClosesAt), "decide-after-periods",
            "A consultation is decided only after its comment and reply periods have closed.");
        DecidedAt = at;
    }

    public IReadOnlyList<TimelineEvent> TimelineAt(DateTimeOffset now, DateTimeOffset? proposalPublishedAt = null)
    {
        var events = new List<TimelineEvent>();
        void Add(DateTimeOffset at, TimelineEventKind kind, string text) => events.Add(new(at, kind, text, at <= now));

        if (proposalPublishedAt is { } published) Add(published, TimelineEventKind.ProposalPublished, "Proposal published");
        Add(OpensAt, TimelineEventKind.CommentPeriodOpens, "Comment period opens");
        foreach (var change in _deadlineChanges.OrderBy(c => c.ChangedAt))
            Add(change.ChangedAt,
                change.Kind == DeadlineChangeKind.Extension ? TimelineEventKind.DeadlineExtended : TimelineEventKind.ClosedEarly,
                change.Kind == DeadlineChangeKind.Extension
                    ? $"Deadline extended from {Guard.Show(change.PreviousClose)} to {Guard.Show(change.NewClose)}: {change.Reason}"
                    : $"Closed early: {change.Reason}");
        Add(ClosesAt, TimelineEventKind.CommentPeriodCloses, "Comment period closes");
        if (ReplyOpensAt is { } replyOpens) Add(replyOpens, TimelineEventKind.ReplyPeriodOpens, "Reply period opens");
        if (ReplyClosesAt is { } replyCloses) Add(replyCloses, TimelineEventKind.ReplyPeriodCloses, "Reply period closes");
        if (DecidedAt is { } decided) Add(decided, TimelineEventKind.RecordPublished, "Consensus record published");
        return events.OrderBy(e => e.At).ThenBy(e => e.Kind).ToList();
    }
}
