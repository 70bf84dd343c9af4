using System.Collections.Concurrent;
using System.Diagnostics;
using Consultation.Application.Features.Ledger;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Benchmarks.Harness;
using Mediator;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>What a batch of submissions through the pipeline came to: the receipts returned, the failures by message, the time.</summary>
/// <param name="Processor">This process's processor time over the batch and until its receipts' emails are written, all threads.</param>
/// <param name="Commits">Database commits (groups, <see cref="GroupCommit"/>) that saved the batch's submissions.</param>
/// <param name="Writing">How long the group writer was at work on the batch's groups; <paramref name="Committing"/> of it committing them.</param>
/// <param name="EmailedAfter">How long after the last receipt the last receipt's email was written (ReceiptEmails sends them after the commit).</param>
public sealed record IngestOutcome(IReadOnlyList<SubmissionReceipt> Receipts, IReadOnlyDictionary<string, int> Errors, TimeSpan Elapsed, TimeSpan Processor,
    long Commits, TimeSpan Writing, TimeSpan Committing, TimeSpan EmailedAfter)
{
    /// <summary>The share of the batch's time the writer was at work: near 1, the writer bounds the rate.</summary>
    public double WriterBusy => Writing / Elapsed;

    /// <summary>The share of the batch's time the writer spent committing (part of <see cref="WriterBusy"/>).</summary>
    public double WriterCommitting => Committing / Elapsed;

    public double PerCommit => Receipts.Count / (double)Math.Max(1, Commits);

    public TimeSpan CpuPerSubmission => Processor / Math.Max(1, Receipts.Count + ErrorCount);

    public int ErrorCount => Errors.Values.Sum();
    public double PerSecond => Receipts.Count / Elapsed.TotalSeconds;
}

/// <summary>Whether what was acknowledged is all there: every receipt's version in the database, the counts equal, the ledger intact.</summary>
public sealed record IngestCheck(int Lost, long RowsAdded, bool LedgerIntact, string? LedgerProblem);

/// <summary>
/// Sends <see cref="SubmitPosition.Command"/> through the composed application (authorization, validation, the handler
/// with its write transaction, ledger and search index) on a fresh copy of the starting database, with the portal's
/// background sender of receipt emails running beside it (<see cref="ReceiptEmailService"/>).
/// </summary>
public sealed class IngestPipeline : IAsyncDisposable
{
    private static readonly IReadOnlySet<string> MemberRoles = new HashSet<string> { Roles.Member };
    private readonly PortalServices _app;
    private readonly Guid _consultationId;
    private readonly ReceiptEmailService _emails;
    private int _sent;

    private IngestPipeline(PortalServices app, Guid consultationId)
    {
        _app = app;
        _consultationId = consultationId;
        _emails = ActivatorUtilities.CreateInstance<ReceiptEmailService>(app.Services);
    }

    public static async Task<IngestPipeline> StartAsync(IngestDatabase database, string folder, CancellationToken cancellationToken)
    {
        database.CopyTo(folder);
        var pipeline = new IngestPipeline(new PortalServices(folder), database.Consultation.Id);
        await pipeline._app.InitializeAsync(cancellationToken);
        await pipeline._emails.StartAsync(cancellationToken);
        return pipeline;
    }

    /// <summary>
    /// Each submitter sends <paramref name="each"/> submissions. Paced: each submitter waits for a receipt before sending the
    /// next, the submitters at the same time. Burst: every submission is launched at once.
    /// </summary>
    public async Task<IngestOutcome> SubmitAsync(IReadOnlyList<string> submitters, int each, bool burst, CancellationToken cancellationToken)
    {
        var receipts = new ConcurrentBag<SubmissionReceipt>();
        var errors = new ConcurrentDictionary<string, int>();
        async Task SendOneAsync(string personId)
        {
            try
            {
                receipts.Add(await _app.SendAsync(personId, MemberRoles, Command(Interlocked.Increment(ref _sent)), cancellationToken));
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                errors.AddOrUpdate($"{failure.GetType().Name}: {failure.GetBaseException().Message}", 1, (_, n) => n + 1);
            }
        }
        async Task SubmitterAsync(string personId)
        {
            for (var i = 0; i < each; i++) await SendOneAsync(personId);
        }

        var commits = _app.Services.GetRequiredService<GroupCommit>();
        var before = commits.Committed;
        var clock = Stopwatch.StartNew();
        var processor = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.WhenAll(burst
            ? submitters.SelectMany(p => Enumerable.Repeat(p, each)).Select(p => Task.Run(() => SendOneAsync(p), cancellationToken))
            : submitters.Select(p => Task.Run(() => SubmitterAsync(p), cancellationToken)));
        var (after, elapsed) = (commits.Committed, clock.Elapsed);
        await EmailedThroughAsync(receipts.Select(r => r.LedgerSequence).DefaultIfEmpty().Max(), cancellationToken);
        return new IngestOutcome(receipts.ToList(), errors, elapsed, Process.GetCurrentProcess().TotalProcessorTime - processor,
            after.Groups - before.Groups, after.Writing - before.Writing, after.Committing - before.Committing, clock.Elapsed - elapsed);
    }

    /// <summary>Waits until the receipt emails have been written up to this ledger entry (or two minutes have passed).</summary>
    private async Task EmailedThroughAsync(long sequence, CancellationToken cancellationToken)
    {
        var waited = Stopwatch.StartNew();
        while (await InDatabaseAsync(db => db.ReceiptEmailProgress.Select(p => p.EmailedThrough).SingleAsync(cancellationToken)) < sequence)
        {
            if (waited.Elapsed > TimeSpan.FromMinutes(2)) throw new TimeoutException($"Receipt emails stopped short of ledger entry #{sequence}.");
            await Task.Delay(10, cancellationToken);
        }
    }

    /// <summary>The submissions of the consultation now in the database (to compare before and after a batch).</summary>
    public Task<long> CountAsync(CancellationToken cancellationToken) =>
        InDatabaseAsync(db => db.Submissions.LongCountAsync(s => s.ConsultationId == _consultationId, cancellationToken));

    public async Task<IngestCheck> CheckAsync(IngestOutcome outcome, long countBefore, CancellationToken cancellationToken)
    {
        var stored = await InDatabaseAsync(async db => await db.SubmissionVersions.AsNoTracking()
            .Join(db.Ledger, v => v.Id, e => e.SubjectId, (v, e) => new { v.SubmissionId, v.ContentHash, e.Sequence })
            .ToListAsync(cancellationToken));
        var found = stored.Select(s => (s.SubmissionId, s.ContentHash, s.Sequence)).ToHashSet();
        var lost = outcome.Receipts.Count(r => !found.Contains((r.SubmissionId, r.ContentHash, r.LedgerSequence)));
        var added = await CountAsync(cancellationToken) - countBefore;
        VerifyLedger.Result? verified = null;
        // Anyone may verify the ledger: sent as nobody in particular, through the mediator, as a visitor's request is.
        await _app.InScopeAsync(async services => verified = await services.GetRequiredService<IMediator>().Send(new VerifyLedger.Query(), cancellationToken));
        return new IngestCheck(lost, added, verified!.IsIntact, verified.Problem);
    }

    private SubmitPosition.Command Command(int number)
    {
        var (stance, text) = IngestTexts.Get(number);
        return new SubmitPosition.Command(_consultationId, null, stance, text, false, null, [], null, null, null, [], Guid.NewGuid());
    }

    private async Task<T> InDatabaseAsync<T>(Func<ConsultationDbContext, Task<T>> query)
    {
        T result = default!;
        await _app.InScopeAsync(async services =>
        {
            await using var db = await services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync();
            result = await query(db);
        });
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await _emails.StopAsync(CancellationToken.None);
        _emails.Dispose();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
    }
}
