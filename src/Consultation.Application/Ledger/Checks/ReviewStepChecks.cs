using Consultation.Application.Persistence;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Ledger.Checks;

/// <summary>
/// A review step (an item entering or moving, a disposition set, a response published): an immutable row that carries
/// what it recorded, so every entry is compared with it, and with the kind its action is recorded under.
/// </summary>
internal abstract class ReviewStepCheck : LedgerSubjectCheck<ReviewStep>
{
    protected override string SubjectName => "review step";

    // Steps are owned by their item, so they are reached through it (untracked, as a projection).
    protected override async Task<IReadOnlyDictionary<Guid, ReviewStep>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken) =>
        await db.ReviewItems.AsNoTracking().SelectMany(i => i.Steps).Where(s => subjectIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, cancellationToken);

    protected override string ContentHashOf(ReviewStep subject) => LedgerContent.Of(subject);

    protected override string? ProblemOf(ReviewStep subject, LedgerEntry entry) => LedgerContent.KindOf(subject) == entry.Kind
        ? base.ProblemOf(subject, entry)
        : $"The stored review step {entry.SubjectId} is a {subject.Action} step, not what a {entry.Kind} entry records.";
}

internal sealed class StageMoveCheck : ReviewStepCheck
{
    public override LedgerEntryKind Kind => LedgerEntryKind.StageMove;
}

internal sealed class DispositionCheck : ReviewStepCheck
{
    public override LedgerEntryKind Kind => LedgerEntryKind.Disposition;
}

internal sealed class ResponsePublishedCheck : ReviewStepCheck
{
    public override LedgerEntryKind Kind => LedgerEntryKind.ResponsePublished;
}

/// <summary>A review cycle's ladder as set up; a chair may re-arrange it, so its latest entry is compared with the row.</summary>
internal sealed class ReviewCycleSetUpCheck : LedgerSubjectCheck<ReviewCycle>
{
    public override LedgerEntryKind Kind => LedgerEntryKind.ReviewCycleSetUp;
    protected override string SubjectName => "review cycle";
    protected override bool SubjectChangesAfterwards => true;

    protected override async Task<IReadOnlyDictionary<Guid, ReviewCycle>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken) =>
        await db.ReviewCycles.AsNoTracking().Include(c => c.Stages).Where(c => subjectIds.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, cancellationToken);

    protected override string ContentHashOf(ReviewCycle subject) => LedgerContent.Of(subject);
}
