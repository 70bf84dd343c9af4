using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Reviews;

/// <summary>An item as the chair saw it: its id and the concurrency token the page showed.</summary>
public sealed record ItemSeen(Guid ItemId, Guid ConcurrencyToken);

/// <summary>
/// What every change to a review shares: one write transaction, the domain's rules, a ledger entry per recorded step,
/// one save. Items are changed only from the state the chair saw: a command carries the concurrency tokens the page
/// showed, and a change made by someone else in between refuses the whole command with a <see cref="ConflictException"/>.
/// </summary>
public sealed class ReviewWriter(IDbContextFactory<ConsultationDbContext> factory, LedgerWriter ledger, TimeProvider clock)
{
    /// <param name="change">Applies the change through the domain and returns the steps it recorded.</param>
    public async Task<T> ChangeAsync<T>(Func<ReviewChange, Task<(T Result, IEnumerable<ReviewStep> Steps)>> change, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var (result, steps) = await change(new ReviewChange(db, now, ledger));
        foreach (var step in steps)
            if (LedgerContent.KindOf(step) is { } kind)
                await ledger.AppendAsync(db, kind, step.Id, LedgerContent.Of(step), now, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException conflict)
        {
            // The row changed between this command's read and its write (on a database that lets them interleave).
            var item = conflict.Entries.Select(e => e.Entity).OfType<ReviewItem>().FirstOrDefault();
            throw item is null
                ? new ConflictException("Someone else changed this review first. Nothing was saved; the page shows its current state.")
                : await ConflictOverAsync(item.Id, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    private async Task<ConflictException> ConflictOverAsync(Guid itemId, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var item = await db.ReviewItems.AsNoTracking().SingleAsync(i => i.Id == itemId, cancellationToken);
        var cycle = await ReviewChange.CycleQuery(db).AsNoTracking().SingleAsync(c => c.Id == item.ReviewCycleId, cancellationToken);
        return ReviewChange.ConflictOver(cycle, item);
    }
}

/// <summary>The open write of one review command: its context, its instant, and the loading every command needs.</summary>
public sealed class ReviewChange(ConsultationDbContext db, DateTimeOffset now, LedgerWriter ledger)
{
    public ConsultationDbContext Db { get; } = db;
    public DateTimeOffset Now { get; } = now;

    /// <summary>A ledger entry for something other than a step (the cycle's set-up), in this change's transaction.</summary>
    public Task RecordAsync(LedgerEntryKind kind, Guid subjectId, string contentHash, CancellationToken cancellationToken) =>
        ledger.AppendAsync(Db, kind, subjectId, contentHash, Now, cancellationToken);

    internal static IQueryable<ReviewCycle> CycleQuery(ConsultationDbContext db) => db.ReviewCycles.Include(c => c.Stages);

    public async Task<ReviewCycle> CycleOfAsync(string slug, CancellationToken cancellationToken) =>
        await CycleQuery(Db).Where(cycle => Db.Consultations.Any(c => c.Id == cycle.ConsultationId && c.Slug == slug))
            .SingleOrDefaultAsync(cancellationToken)
        ?? throw new NotFoundException("This consultation has no review cycle yet.");

    /// <summary>
    /// The items the chair chose, all of one cycle, each exactly as the chair saw it; the save then also checks the
    /// tokens, so a change committed in between still refuses this one.
    /// </summary>
    public async Task<(ReviewCycle Cycle, IReadOnlyList<ReviewItem> Items)> ItemsAsSeenAsync(IReadOnlyCollection<ItemSeen> seen,
        CancellationToken cancellationToken)
    {
        var ids = seen.Select(s => s.ItemId).Distinct().ToList();
        var items = await Db.ReviewItems.Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
        if (items.Count != ids.Count) throw new NotFoundException("An item you chose is no longer in the review.");
        var cycleIds = items.Select(i => i.ReviewCycleId).Distinct().ToList();
        if (cycleIds.Count != 1) throw new NotFoundException("The items you chose belong to different reviews.");
        var cycle = await CycleQuery(Db).SingleAsync(c => c.Id == cycleIds[0], cancellationToken);
        foreach (var item in items)
        {
            var expected = seen.First(s => s.ItemId == item.Id).ConcurrencyToken;
            if (item.ConcurrencyToken != expected) throw ConflictOver(cycle, item);
            Db.Entry(item).Property(i => i.ConcurrencyToken).OriginalValue = expected;
            Db.Touch(item);
        }
        return (cycle, items);
    }

    /// <summary>
    /// Only the review's own chairs (of any of its stages) and administrators see its items, re-arrange its ladder or
    /// enter its submissions: the Chair role alone gives no say over another consultation's review.
    /// </summary>
    public static void RequireChairOfReview(ReviewCycle cycle, ICurrentUser user, string action)
    {
        var personId = user.RequirePersonId();
        if (!user.IsInRole(Roles.Administrator) && !cycle.Stages.Any(s => s.IsChairedBy(personId)))
            throw new AccessDeniedException($"Only the chairs of this review (and administrators) {action}.");
    }

    /// <summary>Every item now in the stage (the stage-level rules look at all of them).</summary>
    public async Task<IReadOnlyList<ReviewItem>> ItemsInAsync(ReviewStage stage, CancellationToken cancellationToken) =>
        await Db.ReviewItems.Where(i => i.CurrentStageId == stage.Id).ToListAsync(cancellationToken);

    internal static ConflictException ConflictOver(ReviewCycle cycle, ReviewItem item)
    {
        var stage = cycle.Stages.FirstOrDefault(s => s.Id == item.CurrentStageId)?.Name ?? "another stage";
        var answer = item.Disposition is { } d
            ? $"its disposition is {d.Display()}{(item.ResponsePublishedAt is null ? ", not yet published" : ", published")}"
            : "it has no disposition";
        return new ConflictException($"Someone else changed this item first; it now sits in {stage} and {answer}. " +
                                     "Nothing was saved; the page shows its current state.");
    }
}
