namespace Consultation.Domain.Consultations;

public enum TimelineEventKind
{
    ProposalPublished,
    CommentPeriodOpens,
    DeadlineExtended,
    ClosedEarly,
    CommentPeriodCloses,
    ReplyPeriodOpens,
    ReplyPeriodCloses,
    RecordPublished,
    /// <summary>The review first reached one of its stages (added by the application, which reads the review).</summary>
    ReviewStageReached,
}

/// <summary>One dated step of a consultation as a reader sees it; <see cref="IsPast"/> against the clock.</summary>
public sealed record TimelineEvent(DateTimeOffset At, TimelineEventKind Kind, string Description, bool IsPast);
