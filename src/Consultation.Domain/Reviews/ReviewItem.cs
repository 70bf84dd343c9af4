using Consultation.Domain.Common;

namespace Consultation.Domain.Reviews;

public enum ReviewAction
{
    Entered,
    Assigned,
    DispositionSet,
    PassedUp,
    SentBack,
    ResponsePublished,
}

/// <summary>
/// A submission in review: the stage it sits in, its disposition and the written response. Only a chair of
/// the current stage acts on it (bottom-up: an item reaches a stage only when the stage below passed it up),
/// and nobody once the consensus record is published. Every command appends an immutable <see cref="ReviewStep"/>.
/// </summary>
public sealed class ReviewItem : IConcurrencyAware
{
    public const int MaxResponseLength = 20_000;
    public const int MaxReasonLength = 2000;

    private readonly List<ReviewStep> _steps = [];

    private ReviewItem() { }

    internal ReviewItem(Guid submissionId, ReviewCycle cycle, string actorId, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        SubmissionId = submissionId;
        ReviewCycleId = cycle.Id;
        CurrentStageId = cycle.First.Id;
        Record(ReviewAction.Entered, cycle.First.Id, null, actorId, now);
    }

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public Guid ReviewCycleId { get; private set; }
    public Guid CurrentStageId { get; private set; }
    public string? AssigneeId { get; private set; }
    public Disposition? Disposition { get; private set; }
    public Guid? DuplicateOfItemId { get; private set; }
    /// <summary>Markdown; public only once <see cref="ResponsePublishedAt"/> is set.</summary>
    public string? Response { get; private set; }
    public DateTimeOffset? ResponsePublishedAt { get; private set; }
    public IReadOnlyList<ReviewStep> Steps => _steps;
    public Guid ConcurrencyToken { get; set; }

    public bool HasPublishedResponse => ResponsePublishedAt is not null && !string.IsNullOrWhiteSpace(Response);
    /// <summary>Has a disposition with its written response (what a blocking objection needs before the consensus call).</summary>
    public bool IsAnswered => Disposition is not null && !string.IsNullOrWhiteSpace(Response);

    public ReviewStep Assign(ReviewCycle cycle, string chairId, string assigneeId, DateTimeOffset now)
    {
        var stage = RequireChairOfCurrent(cycle, chairId);
        AssigneeId = Guard.Text(assigneeId, "assignee-named", "The person assigned", 450);
        return Record(ReviewAction.Assigned, stage.Id, null, chairId, now, assignee: AssigneeId);
    }

    /// <summary>
    /// Rule: every disposition carries a written response; "Duplicate" names another item of the same cycle. A changed
    /// answer is unpublished until published again deliberately.
    /// </summary>
    public ReviewStep SetDisposition(ReviewCycle cycle, string chairId, Disposition disposition, string response,
        ReviewItem? duplicateOf, DateTimeOffset now)
    {
        var stage = RequireChairOfCurrent(cycle, chairId);
        Guard.Require(Enum.IsDefined(disposition), "disposition-known", "Choose a disposition.");
        var text = Guard.Text(response, "disposition-needs-response", "A response", MaxResponseLength);
        Guard.Require(disposition != Reviews.Disposition.Duplicate || (duplicateOf is not null && duplicateOf.Id != Id
                                                                        && duplicateOf.ReviewCycleId == ReviewCycleId),
            "duplicate-names-other-item", "A duplicate must name the other submission it repeats, in the same review.");
        Disposition = disposition;
        DuplicateOfItemId = disposition == Reviews.Disposition.Duplicate ? duplicateOf!.Id : null;
        Response = text;
        ResponsePublishedAt = null;
        return Record(ReviewAction.DispositionSet, stage.Id, null, chairId, now, answer: true);
    }

    /// <summary>Moves the item up; <see cref="ReviewCycle.PassUp"/> checks the stage-level rules first.</summary>
    internal ReviewStep MoveUp(ReviewStage from, ReviewStage to, string chairId, DateTimeOffset now)
    {
        CurrentStageId = to.Id;
        AssigneeId = null;
        return Record(ReviewAction.PassedUp, to.Id, from.Id, chairId, now);
    }

    /// <summary>Rule: sending an item back down needs a reason, and a stage below. The item keeps its answer for the stage below to revisit.</summary>
    public ReviewStep SendBack(ReviewCycle cycle, string chairId, string reason, DateTimeOffset now)
    {
        var stage = RequireChairOfCurrent(cycle, chairId);
        var text = Guard.Text(reason, "send-back-needs-reason", "The reason for sending back", MaxReasonLength);
        var below = cycle.Below(stage);
        Guard.Require(below is not null, "send-back-above-bottom", $"{stage.Name} is the first stage.");
        CurrentStageId = below!.Id;
        AssigneeId = null;
        return Record(ReviewAction.SentBack, below.Id, stage.Id, chairId, now, reason: text);
    }

    /// <summary>Rule: only an answer can be published, and only once until it changes.</summary>
    public ReviewStep PublishResponse(ReviewCycle cycle, string chairId, DateTimeOffset now)
    {
        var stage = RequireChairOfCurrent(cycle, chairId);
        Guard.Require(Disposition is not null, "publish-needs-disposition", "There is no answer to publish yet.");
        Guard.Require(ResponsePublishedAt is null, "response-already-published", "This answer is already published.");
        ResponsePublishedAt = now;
        return Record(ReviewAction.ResponsePublished, stage.Id, null, chairId, now, answer: true);
    }

    private ReviewStage RequireChairOfCurrent(ReviewCycle cycle, string chairId)
    {
        cycle.RequireOpen();
        var stage = cycle.StageOf(this);
        stage.RequireChair(chairId);
        return stage;
    }

    private ReviewStep Record(ReviewAction action, Guid stageId, Guid? fromStageId, string actorId, DateTimeOffset now,
        string? assignee = null, bool answer = false, string? reason = null)
    {
        var step = new ReviewStep(Id, action, stageId, fromStageId, actorId, now)
        {
            AssigneeId = assignee,
            Disposition = answer ? Disposition : null,
            DuplicateOfItemId = answer ? DuplicateOfItemId : null,
            Response = answer ? Response : null,
            Reason = reason,
        };
        _steps.Add(step);
        return step;
    }
}

/// <summary>
/// One immutable event in an item's history: who did what at which stage, and what it recorded (the answer set or
/// published, the reason for sending back), so that the ledger entry for it can be recomputed from this row alone.
/// </summary>
public sealed class ReviewStep
{
    private ReviewStep() { }

    internal ReviewStep(Guid itemId, ReviewAction action, Guid stageId, Guid? fromStageId, string actorId, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        ReviewItemId = itemId;
        Action = action;
        StageId = stageId;
        FromStageId = fromStageId;
        ActorId = actorId;
        At = at;
    }

    public Guid Id { get; private set; }
    public Guid ReviewItemId { get; private set; }
    public ReviewAction Action { get; private set; }
    /// <summary>The stage the item is in after the step.</summary>
    public Guid StageId { get; private set; }
    /// <summary>The stage it left (passed up or sent back); null otherwise.</summary>
    public Guid? FromStageId { get; private set; }
    public string ActorId { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public string? AssigneeId { get; internal init; }
    public Disposition? Disposition { get; internal init; }
    public Guid? DuplicateOfItemId { get; internal init; }
    public string? Response { get; internal init; }
    public string? Reason { get; internal init; }
}
