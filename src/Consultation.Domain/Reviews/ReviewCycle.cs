using Consultation.Domain.Common;

namespace Consultation.Domain.Reviews;

/// <summary>The bottom-up ladder a consultation's submissions climb, from staff intake to the published record.</summary>
public sealed class ReviewCycle
{
    public static readonly IReadOnlyList<string> StandardLadder =
        ["Staff intake", "Working group review", "Council review", "Consensus call", "Record published"];

    private readonly List<ReviewStage> _stages = [];

    private ReviewCycle() { }

    public ReviewCycle(Guid consultationId, IEnumerable<string> stageNames, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        ConsultationId = consultationId;
        CreatedAt = createdAt;
        foreach (var name in stageNames) AddStage(name);
        Guard.Require(_stages.Count >= 2, "ladder-has-two-stages", "A review ladder needs at least two stages.");
    }

    public Guid Id { get; private set; }
    public Guid ConsultationId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public IReadOnlyList<ReviewStage> Stages => _stages;

    public ReviewStage First => _stages.MinBy(s => s.Order)!;

    public ReviewStage AddStage(string name)
    {
        Guard.Require(_stages.All(s => !s.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase)),
            "stage-names-unique", $"The ladder already has a stage named {name}.");
        var stage = new ReviewStage(Id, _stages.Count + 1, name);
        _stages.Add(stage);
        return stage;
    }

    public ReviewStage? Above(ReviewStage stage) => _stages.Where(s => s.Order > stage.Order).MinBy(s => s.Order);
    public ReviewStage? Below(ReviewStage stage) => _stages.Where(s => s.Order < stage.Order).MaxBy(s => s.Order);
}

public sealed class ReviewStage : IConcurrencyAware
{
    private readonly List<StageChair> _chairs = [];

    private ReviewStage() { }

    internal ReviewStage(Guid cycleId, int order, string name)
    {
        Id = Guid.NewGuid();
        ReviewCycleId = cycleId;
        Order = order;
        Name = Guard.Text(name, "stage-name", "A stage's name", 100);
    }

    public Guid Id { get; private set; }
    public Guid ReviewCycleId { get; private set; }
    public int Order { get; private set; }
    public string Name { get; private set; } = "";
    public DateTimeOffset? ClosedAt { get; private set; }
    public IReadOnlyList<StageChair> Chairs => _chairs;
    public Guid ConcurrencyToken { get; set; }

    public bool IsChairedBy(string personId) => _chairs.Any(c => c.PersonId == personId);

    public void AppointChair(string personId)
    {
        if (!IsChairedBy(personId)) _chairs.Add(new StageChair(Id, personId));
    }

    /// <summary>Rule: a stage may close only when every item in it has a disposition.</summary>
    public bool MayClose(IEnumerable<ReviewItem> itemsInStage) =>
        itemsInStage.Where(i => i.CurrentStageId == Id).All(i => i.Disposition is not null);

    public void Close(IEnumerable<ReviewItem> itemsInStage, string chairId, DateTimeOffset now)
    {
        Guard.Require(IsChairedBy(chairId), "only-stage-chair-acts", $"Only a chair of {Name} can close it.");
        Guard.Require(ClosedAt is null, "stage-closes-once", $"{Name} is already closed.");
        Guard.Require(MayClose(itemsInStage), "stage-close-needs-dispositions",
            $"{Name} cannot close while an item in it lacks a disposition.");
        ClosedAt = now;
    }
}

public sealed class StageChair
{
    private StageChair() { }

    internal StageChair(Guid stageId, string personId)
    {
        ReviewStageId = stageId;
        PersonId = personId;
    }

    public Guid ReviewStageId { get; private set; }
    public string PersonId { get; private set; } = "";
}
