using Consultation.Application.Persistence;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Consultation.Application.Features.Reviews;

/// <summary>
/// Turns submissions into review items: every submission that is not withdrawn gets exactly one item in the first
/// stage, whenever it arrived (late comments and replies enter on the next run). Runs for a chair's "enter now", from
/// the background service once a cycle's time has come, and for the cycles a chair sees on the dashboard.
/// </summary>
public sealed class ItemEntering(IDbContextFactory<ConsultationDbContext> factory, ReviewWriter writer, TimeProvider clock)
{
    /// <summary>Who entered items that entered by themselves (at the close, or "at once" as they arrived).</summary>
    public const string System = "system";

    /// <summary>Enters the submissions of the cycle's consultation that have no item yet; returns the steps recorded.</summary>
    public static async Task<IReadOnlyList<ReviewStep>> EnterMissingAsync(ReviewChange change, ReviewCycle cycle, string actorId,
        CancellationToken cancellationToken)
    {
        cycle.RequireOpen();
        var missing = await MissingSubmissions(change.Db, cycle.Id, cycle.ConsultationId)
            .OrderBy(s => s.FirstSubmittedAt).Select(s => s.Id).ToListAsync(cancellationToken);
        if (missing.Count == 0) return [];
        var items = missing.Select(id => cycle.Enter(id, actorId, change.Now)).ToList();
        change.Db.ReviewItems.AddRange(items);
        // New items without a disposition change what the first stage may pass up: a pass-up read before them must fail.
        change.Db.Touch(cycle.First);
        change.Db.Touch(cycle);
        return items.Select(i => i.Steps[0]).ToList();
    }

    /// <summary>
    /// Enters the items of every cycle whose time has come (or only of <paramref name="onlyCycles"/>); returns how many
    /// entered. One query finds the open cycles that lack an item, so a quiet pass costs one read.
    /// </summary>
    public async Task<int> EnterDueAsync(CancellationToken cancellationToken, IReadOnlyCollection<Guid>? onlyCycles = null)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            var candidates = await db.ReviewCycles.AsNoTracking()
                .Where(c => c.CompletedAt == null && (onlyCycles == null || onlyCycles.Contains(c.Id)))
                // MissingSubmissions, written out: EF translates no method call inside a query.
                .Where(c => db.Submissions.Any(s => s.ConsultationId == c.ConsultationId && s.WithdrawnAt == null
                                                    && !db.ReviewItems.Any(i => i.ReviewCycleId == c.Id && i.SubmissionId == s.Id)))
                .Join(db.Consultations, c => c.ConsultationId, c => c.Id, (cycle, consultation) => new { cycle, consultation })
                .ToListAsync(cancellationToken);
            due = candidates.Where(c => c.cycle.EntersItemsAt(c.consultation, now)).Select(c => c.cycle.Id).ToList();
        }
        var entered = 0;
        foreach (var cycleId in due)
            entered += await writer.ChangeAsync(async change =>
            {
                var cycle = await ReviewChange.CycleQuery(change.Db).SingleAsync(c => c.Id == cycleId, cancellationToken);
                var consultation = await change.Db.Consultations.SingleAsync(c => c.Id == cycle.ConsultationId, cancellationToken);
                // Checked again inside the transaction: a chair may have re-arranged the cycle meanwhile.
                var steps = cycle.EntersItemsAt(consultation, change.Now) ? await EnterMissingAsync(change, cycle, System, cancellationToken) : [];
                return (steps.Count, steps);
            }, cancellationToken);
        return entered;
    }

    private static IQueryable<Domain.Submissions.Submission> MissingSubmissions(ConsultationDbContext db, Guid cycleId, Guid consultationId) =>
        db.Submissions.Where(s => s.ConsultationId == consultationId && s.WithdrawnAt == null
                                  && !db.ReviewItems.Any(i => i.ReviewCycleId == cycleId && i.SubmissionId == s.Id));
}

/// <summary>
/// Enters items for cycles in "at close" (and "at once") mode as their time comes, on a timer driven by
/// <see cref="TimeProvider"/>. Nothing depends on it running on time: the chair's dashboard enters due items too.
/// </summary>
public sealed class ItemEntryService(ItemEntering entering, TimeProvider clock, ILogger<ItemEntryService> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    /// <summary>One run: enters what is due, and logs (never throws) a failure so the next tick tries again.</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            var entered = await entering.EnterDueAsync(cancellationToken);
            if (entered > 0) logger.LogInformation("{Count} submission(s) entered review", entered);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogError(failure, "Entering submissions into review failed; trying again in {Interval}", Interval);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock);
        do await RunOnceAsync(stoppingToken);
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
