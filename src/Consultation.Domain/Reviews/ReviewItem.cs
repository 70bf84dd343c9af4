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
/// the current stage acts on it (bottom-up: an item reaches a stage only when the stage below passed it up).
/// </summary>
public sealed class ReviewItem : IConcurrencyAware
{
    private readonly List<ReviewStep> _steps = [];

    private ReviewItem() { }

    public ReviewItem(Guid submissionId, ReviewCycle cycle, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        SubmissionId = submissionId;
        ReviewCycleId = cycle.Id;
        CurrentStageId = cycle.First.Id;
        _steps.Add(new ReviewStep(Id, ReviewAction.Entered, cycle.First.Id, "system", now, null));
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

    public void Assign(ReviewStage stage, string chairId, string assigneeId, DateTimeOffset now)
    {
        RequireChairOfCurrent(stage, chairId);
        AssigneeId = assigneeId;
        _steps.Add(new ReviewStep(Id, ReviewAction.Assigned, stage.Id, chairId, now, assigneeId));
    }

    /// <summary>
    /// Rule: every disposition carries a written response; "Duplicate" names another item.
    /// </summary>
    public void SetDisposition(ReviewStage stage, string chairId, Disposition disposition, string response,
        Guid? duplicateOf, DateTimeOffset now)
    {
        RequireChairOfCurrent(stage, chairId);
        Guard.Require(Enum.IsDefined(disposition), "disposition-known", "Choose a disposition.");
        var text = Guard.Text(response, "disposition-needs-response", "A response", 20_000);
        Guard.Require(disposition != Reviews.Disposition.Duplicate || (duplicateOf is { } other && other != Id),
            "duplicate-names-other-item", "A duplicate must name the other submission it repeats.");
        Disposition = disposition;
        DuplicateOfItemId = disposition == Reviews.Disposition.Duplicate ? duplicateOf : null;
        Response = text;
        ResponsePublishedAt = null; // a changed answer is published again deliberately
        _steps.Add(new ReviewStep(Id, ReviewAction.DispositionSet, stage.Id, chairId, now, disposition.Display()));
    }

    /// <summary>Rule: an item passes up only with a disposition, and only from the stage it is in.</summary>
    public void PassUp(ReviewCycle cycle, ReviewStage stage, string chairId, DateTimeOffset now)
    {
        RequireChairOfCurrent(stage, chairId);
        Guard.Require(Disposition is not null, "pass-up-needs-disposition",
            "An item passes up only once it has a disposition.");
        var above = cycle.Above(stage);
        Guard.Require(above is not null, "pass-up-below-top", $"{stage.Name} is the last stage.");
        CurrentStageId = above!.Id;
        AssigneeId = null;
        _steps.Add(new ReviewStep(Id, ReviewAction.PassedUp, above.Id, chairId, now, null));
    }

    /// <summary>Rule: sending an item back down needs a reason.</summary>
    public void SendBack(ReviewCycle cycle, ReviewStage stage, string chairId, string reason, DateTimeOffset now)
    {
        RequireChairOfCurrent(stage, chairId);
        var text = Guard.Text(reason, "send-back-needs-reason", "The reason for sending back", 2000);
        var below = cycle.Below(stage);
        Guard.Require(below is not null, "send-back-above-bottom", $"{stage.Name} is the first stage.");
        CurrentStageId = below!.Id;
        AssigneeId = null;
        _steps.Add(new ReviewStep(Id, ReviewAction.SentBack, below.Id, chairId, now, text));
    }

    public void PublishResponse(ReviewStage stage, string chairId, DateTimeOffset now)
    {
        RequireChairOfCurrent(stage, chairId);
        Guard.Require(Disposition is not null, "publish-needs-disposition", "There is no answer to publish yet.");
        ResponsePublishedAt = now;
        _steps.Add(new ReviewStep(Id, ReviewAction.ResponsePublished, stage.Id, chairId, now, null));
    }

    private void RequireChairOfCurrent(ReviewStage stage, string chairId)
    {
        Guard.Require(stage.Id == CurrentStageId, "act-in-current-stage", $"This item is not in {stage.Name}.");
        Guard.Require(stage.IsChairedBy(chairId), "only-stage-chair-acts", $"Only a chair of {stage.Name} can act on it.");
    }
}

/// <summary>The item's history: who did what at which stage.</summary>
public sealed class ReviewStep
{
    private ReviewStep() { }

    internal ReviewStep(Guid itemId, ReviewAction action, Guid stageId, string actorId, DateTimeOffset at, string? note)
    {
        Id = Guid.NewGuid();
        ReviewItemId = itemId;
        Action = action;
        StageId = stageId;
        ActorId = actorId;
        At = at;
        Note = note;
    }

    public Guid Id { get; private set; }
    public Guid ReviewItemId { get; private set; }
    public ReviewAction Action { get; private set; }
    public Guid StageId { get; private set; }
    public string ActorId { get; private set; } = "";
    public DateTimeOffset At { get; private set; }
    public string? Note { get; private set; }
}
