using Consultation.Domain.Common;
using Consultation.Domain.Consultations;

namespace Consultation.Domain.Reviews;

/// <summary>When a consultation's submissions become review items: when its periods close, or at once.</summary>
public enum ItemEntry
{
    /// <summary>When the comment period (and any reply period) has closed: nothing is reviewed while it can still change.</summary>
    AtClose,
    /// <summary>At once, and again as later submissions arrive: the chair wants to start early.</summary>
    AtOnce,
}

/// <summary>One stage of a ladder as a chair plans it: an existing stage (by id) or a new one, its name and its chairs.</summary>
public sealed record StagePlan(Guid? StageId, string Name, IReadOnlyCollection<string> ChairIds);

/// <summary>
/// The bottom-up ladder a consultation's submissions climb, from staff intake to the published record. The
/// second-to-last stage holds the consensus call, the last one the record.
/// </summary>
public sealed class ReviewCycle : IConcurrencyAware
{
    public static readonly IReadOnlyList<string> StandardLadder =
        ["Staff intake", "Working group review", "Council review", "Consensus call", "Record published"];

    private readonly List<ReviewStage> _stages = [];

    private ReviewCycle() { }

    public ReviewCycle(Guid consultationId, IReadOnlyList<StagePlan> stages, ItemEntry entry, DateTimeOffset createdAt)
    {
        Id = Guid.NewGuid();
        ConsultationId = consultationId;
        CreatedAt = createdAt;
        Reshape(stages, entry);
    }

    public Guid Id { get; private set; }
    public Guid ConsultationId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public ItemEntry Entry { get; private set; }
    /// <summary>When the first items entered; from then on the ladder's stages are fixed (only chairs change).</summary>
    public DateTimeOffset? ItemsEnteredAt { get; private set; }
    /// <summary>When the consensus record was published; from then on the items are frozen.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }
    public Guid ConcurrencyToken { get; set; }

    /// <summary>In ladder order, bottom first.</summary>
    public IReadOnlyList<ReviewStage> Stages => _stages.OrderBy(s => s.Order).ToList();

    public ReviewStage First => Stages[0];
    /// <summary>The stage whose items the consensus call weighs: the second-to-last.</summary>
    public ReviewStage ConsensusStage => Stages[^2];
    /// <summary>The last stage: items wait there for the consensus record.</summary>
    public ReviewStage RecordStage => Stages[^1];
    public bool IsCompleted => CompletedAt is not null;

    public ReviewStage? Above(ReviewStage stage) => _stages.Where(s => s.Order > stage.Order).MinBy(s => s.Order);
    public ReviewStage? Below(ReviewStage stage) => _stages.Where(s => s.Order < stage.Order).MaxBy(s => s.Order);
    public ReviewStage? StageAt(int order) => _stages.SingleOrDefault(s => s.Order == order);

    public ReviewStage StageOf(ReviewItem item)
    {
        Guard.Require(item.ReviewCycleId == Id, "item-in-this-cycle", "That item belongs to another review cycle.");
        return _stages.Single(s => s.Id == item.CurrentStageId);
    }

    /// <summary>Whether the item has climbed to <paramref name="stage"/> or above (the consensus call needs every item at its stage).</summary>
    public bool HasReached(ReviewItem item, ReviewStage stage) => StageOf(item).Order >= stage.Order;

    /// <summary>
    /// Rules: a ladder has at least two stages with distinct names, each with at least one chair. Its stages can be
    /// renamed, added, removed and reordered only until items have entered (items then sit in them); chairs can
    /// always change, until the record is published.
    /// </summary>
    public void Reshape(IReadOnlyList<StagePlan> stages, ItemEntry entry)
    {
        RequireOpen();
        Guard.Require(stages.Count >= 2, "ladder-has-two-stages", "A review ladder needs at least two stages.");
        var names = stages.Select(s => Guard.Text(s.Name, "stage-name", "A stage's name", ReviewStage.MaxNameLength)).ToList();
        var repeated = names.GroupBy(n => n, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        Guard.Require(repeated is null, "stage-names-unique", $"The ladder already has a stage named {repeated?.Key}.");
        Guard.Require(stages.All(s => s.ChairIds.Any(c => !string.IsNullOrWhiteSpace(c))), "stage-needs-chair",
            "Every stage needs at least one chair.");
        Guard.Require(Enum.IsDefined(entry), "item-entry-known", "Choose when submissions enter the review.");
        Guard.Require(stages.All(s => s.StageId is null || _stages.Any(existing => existing.Id == s.StageId)), "stage-in-this-cycle",
            "A stage of the plan is not in this ladder.");
        if (ItemsEnteredAt is not null)
            Guard.Require(stages.Count == _stages.Count && stages.Select((s, i) => (s, i)).All(p =>
                    StageAt(p.i + 1) is { } existing && existing.Id == p.s.StageId && existing.Name == names[p.i]),
                "ladder-fixed-once-items-entered", "Items have entered the review: its stages can no longer change, only their chairs.");
        if (ItemsEnteredAt is null) Entry = entry;

        _stages.RemoveAll(existing => stages.All(s => s.StageId != existing.Id));
        for (var i = 0; i < stages.Count; i++)
        {
            var stage = stages[i].StageId is { } id ? _stages.Single(s => s.Id == id) : AddStage();
            stage.Arrange(i + 1, names[i]);
            stage.ReplaceChairs(stages[i].ChairIds.Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c.Trim()).Distinct());
        }
    }

    private ReviewStage AddStage()
    {
        var stage = new ReviewStage(Id);
        _stages.Add(stage);
        return stage;
    }

    public void AppointChair(ReviewStage stage, string personId)
    {
        RequireOpen();
        RequireOwn(stage).Appoint(Guard.Text(personId, "stage-chair", "The chair", 450));
    }

    /// <summary>Rule: a stage keeps at least one chair, so that its items can always move.</summary>
    public void RemoveChair(ReviewStage stage, string personId)
    {
        RequireOpen();
        Guard.Require(RequireOwn(stage).Chairs.Any(c => c.PersonId != personId), "stage-keeps-a-chair",
            $"{stage.Name} keeps at least one chair.");
        stage.Dismiss(personId);
    }

    /// <summary>Rule: in "at close" mode items enter once the comment and any reply period are over; in "at once" mode any time.</summary>
    public bool EntersItemsAt(PublicConsultation consultation, DateTimeOffset now) =>
        !IsCompleted && (Entry == ItemEntry.AtOnce || consultation.PeriodsAreOverAt(now));

    /// <summary>A submission becomes an item in the first stage (the caller makes sure it has none yet).</summary>
    public ReviewItem Enter(Guid submissionId, string actorId, DateTimeOffset now)
    {
        RequireOpen();
        ItemsEnteredAt ??= now;
        return new ReviewItem(submissionId, this, actorId, now);
    }

    /// <summary>
    /// Rule (the stage-level guard): a stage passes items up only while every item in it has a disposition; only
    /// a chair of the stage does it, and never from the last stage.
    /// </summary>
    /// <param name="itemsInStage">Every item now in <paramref name="stage"/>, not only the ones passed up.</param>
    public IReadOnlyList<ReviewStep> PassUp(ReviewStage stage, IReadOnlyCollection<ReviewItem> itemsInStage,
        IReadOnlyCollection<ReviewItem> selected, string chairId, DateTimeOffset now)
    {
        RequireOpen();
        RequireOwn(stage).RequireChair(chairId);
        Guard.Require(selected.Count > 0, "pass-up-something", "Choose the items to pass up.");
        Guard.Require(selected.All(i => i.CurrentStageId == stage.Id && itemsInStage.Contains(i)), "act-in-current-stage",
            $"Every item passed up must be in {stage.Name}.");
        var above = Above(stage);
        Guard.Require(above is not null, "pass-up-below-top", $"{stage.Name} is the last stage.");
        var waiting = itemsInStage.Count(i => i.CurrentStageId == stage.Id && i.Disposition is null);
        Guard.Require(waiting == 0, "stage-pass-up-needs-dispositions",
            $"{stage.Name} cannot pass items up while {waiting} item(s) in it lack a disposition.");
        return selected.Select(item => item.MoveUp(stage, above!, chairId, now)).ToList();
    }

    /// <summary>
    /// Rule: the record is published only when every item is in the record stage with its response published;
    /// from then on the review is closed and items are frozen.
    /// </summary>
    public void Complete(IReadOnlyCollection<ReviewItem> items, DateTimeOffset now)
    {
        RequireOpen();
        Guard.Require(items.All(i => i.ReviewCycleId == Id), "item-in-this-cycle", "An item belongs to another review cycle.");
        var below = items.Count(i => i.CurrentStageId != RecordStage.Id);
        Guard.Require(below == 0, "record-needs-items-in-record-stage", $"{below} item(s) have not reached {RecordStage.Name}.");
        var unpublished = items.Count(i => !i.HasPublishedResponse);
        Guard.Require(unpublished == 0, "record-needs-published-responses", $"{unpublished} item(s) have no published response.");
        CompletedAt = now;
    }

    /// <summary>Rule: once the consensus record is published, nothing in the review changes.</summary>
    public void RequireOpen() =>
        Guard.Require(!IsCompleted, "review-closed-after-record", "The consensus record is published: the review is closed.");

    private ReviewStage RequireOwn(ReviewStage stage)
    {
        Guard.Require(_stages.Contains(stage), "stage-in-this-cycle", $"{stage.Name} is not a stage of this ladder.");
        return stage;
    }
}

public sealed class ReviewStage : IConcurrencyAware
{
    public const int MaxNameLength = 100;

    private readonly List<StageChair> _chairs = [];

    private ReviewStage() { }

    internal ReviewStage(Guid cycleId)
    {
        Id = Guid.NewGuid();
        ReviewCycleId = cycleId;
    }

    public Guid Id { get; private set; }
    public Guid ReviewCycleId { get; private set; }
    public int Order { get; private set; }
    public string Name { get; private set; } = "";
    public IReadOnlyList<StageChair> Chairs => _chairs;
    public Guid ConcurrencyToken { get; set; }

    public bool IsChairedBy(string personId) => _chairs.Any(c => c.PersonId == personId);

    internal void RequireChair(string personId) =>
        Guard.Require(IsChairedBy(personId), "only-stage-chair-acts", $"Only a chair of {Name} can act on its items.");

    internal void Arrange(int order, string name)
    {
        Order = order;
        Name = name;
    }

    internal void ReplaceChairs(IEnumerable<string> personIds)
    {
        var wanted = personIds.ToList();
        _chairs.RemoveAll(c => !wanted.Contains(c.PersonId));
        foreach (var personId in wanted) Appoint(personId);
    }

    internal void Appoint(string personId)
    {
        if (!IsChairedBy(personId)) _chairs.Add(new StageChair(Id, personId));
    }

    internal void Dismiss(string personId) => _chairs.RemoveAll(c => c.PersonId == personId);
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
