using System.Globalization;
using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// Submissions per second through the whole pipeline, one submitter and 50 at once, against raw batched inserts of the
/// same rows; then a burst of 10,000 at once, which must be absorbed without an error or a loss.
/// </summary>
public sealed class IngestScenario : IScenario
{
    private const int Single = 2_000, Concurrent = 50, EachConcurrent = 100, BurstSubmitters = 500, EachBurst = 20, WarmUp = 1_000;
    private const double Target = 0.25;

    public string Name => "ingest";

    public async Task<ScenarioReport> RunAsync(BenchmarkRun run, GeneratedArchive archive, CancellationToken cancellationToken)
    {
        var report = new ScenarioReport("3. Ingest",
            $"Submissions sent as signed-in members through the composed application, in process (`SubmitPosition.Command` through the " +
            $"mediator: authorization, validation, the handler's write step in a transaction it shares with the submissions that arrive with it (group commit, GroupCommit), the ledger entry, the search index kept by triggers, " +
            $"the archive revision; SQLite in WAL with synchronous=FULL; the receipts' emails written beside them by the portal's background sender), each on a fresh copy of a freshly seeded " +
            $"database with {BurstSubmitters} member accounts: one submitter sending {Single:N0} one after another; {Concurrent} submitters " +
            $"sending {EachConcurrent} each at the same time; a burst of {BurstSubmitters * EachBurst:N0} launched at once by " +
            $"{BurstSubmitters} people, after which every receipt is looked up, the rows counted and the ledger verified. Baseline: the " +
            $"same rows (built with the domain) inserted with prepared Microsoft.Data.Sqlite commands in transactions of " +
            $"{IngestRawInserts.BatchSize:N0}, with the same pragmas, on a fresh copy of the same database; and, for one submitter, the same " +
            $"{Single:N0} rows committed one at a time (each a sync). Every request has its own idempotency key. " +
            $"Each batch through the pipeline is measured after {WarmUp:N0} submissions sent one after another through the same composed application.");
        var root = Path.Combine(run.Artifacts, "ingest");
        BenchmarkRun.Say($"  Seeding a fresh database with {BurstSubmitters} members...");
        var database = await IngestDatabase.CreateAsync(Path.Combine(root, "start"), BurstSubmitters, cancellationToken);

        var measured = new List<IngestRun>();
        for (var i = 1; i <= run.Options.Runs; i++)
        {
            BenchmarkRun.Say($"  Run {i} of {run.Options.Runs}");
            // Each run in a folder of its own, all deleted at the end: ext4 without a journal (as here) passes over every inode
            // freed in the last minutes when it makes a file, so deleting one run's 20,000 files before the next made each
            // emailed receipt's file slower to create in that run (perf: a tenth of the processor time).
            measured.Add(await MeasureAsync(database, Path.Combine(root, $"run-{i}"), cancellationToken));
        }
        Directory.Delete(root, recursive: true);
        return Describe(report, measured);
    }

    private static async Task<IngestRun> MeasureAsync(IngestDatabase database, string root, CancellationToken cancellationToken)
    {
        var members = database.Members;
        var single = await PipelineAsync(database, root, "single", [members[0]], Single, burst: false, cancellationToken);
        var concurrent = await PipelineAsync(database, root, "concurrent", members.Take(Concurrent).ToList(), EachConcurrent, burst: false, cancellationToken);
        var burst = await PipelineAsync(database, root, "burst", members.Take(BurstSubmitters).ToList(), EachBurst, burst: true, cancellationToken);
        var rawSingle = await IngestRawInserts.InsertAsync(database, database.CopyTo(Path.Combine(root, "raw-single")), Single, cancellationToken);
        var rawConcurrent = await IngestRawInserts.InsertAsync(database, database.CopyTo(Path.Combine(root, "raw-concurrent")), Concurrent * EachConcurrent, cancellationToken);
        var rawEach = await IngestRawInserts.InsertAsync(database, database.CopyTo(Path.Combine(root, "raw-each")), Single, cancellationToken, batchSize: 1);
        return new IngestRun(single, concurrent, burst, rawSingle, rawConcurrent, rawEach);
    }

    private static async Task<(IngestOutcome Outcome, IngestCheck Check)> PipelineAsync(IngestDatabase database, string root, string name,
        IReadOnlyList<string> submitters, int each, bool burst, CancellationToken cancellationToken)
    {
        await using var pipeline = await IngestPipeline.StartAsync(database, Path.Combine(root, name), cancellationToken);
        // The first requests compile EF's queries, warm the connection pool and run while the JIT is still re-compiling hot
        // code (tiered compilation: a fifth of the processor time of the first 2,000 submissions, measured with perf): not what is measured.
        await pipeline.SubmitAsync([database.Members[^1]], WarmUp, burst: false, cancellationToken);
        var before = await pipeline.CountAsync(cancellationToken);
        var outcome = await pipeline.SubmitAsync(submitters, each, burst, cancellationToken);
        var check = await pipeline.CheckAsync(outcome, before, cancellationToken);
        BenchmarkRun.Say($"    {name}: {outcome.Receipts.Count:N0} receipts, {outcome.ErrorCount:N0} errors in {outcome.Elapsed.TotalSeconds:F1} s " +
                         $"({outcome.PerSecond:F0}/s, {outcome.CpuPerSubmission.TotalMilliseconds:F1} ms CPU each, {outcome.PerCommit:F1} per commit, writer at work {outcome.WriterBusy:P0} of the time, committing {outcome.WriterCommitting:P0}; emails written {outcome.EmailedAfter.TotalSeconds:F1} s after the last receipt); {check.RowsAdded:N0} rows added, {check.Lost} lost, ledger {(check.LedgerIntact ? "intact" : "BROKEN: " + check.LedgerProblem)}");
        foreach (var (error, count) in outcome.Errors) BenchmarkRun.Say($"      {count:N0} x {error}");
        return (outcome, check);
    }

    private static ScenarioReport Describe(ScenarioReport report, List<IngestRun> runs)
    {
        // targeted: against the issue's baseline (raw batched inserts) and its 25 %; otherwise a comparison only.
        void Rate(string measure, Func<IngestRun, double> pipeline, Func<IngestRun, double> raw, bool targeted = true, string baselineNote = "")
        {
            var (value, baseline) = (Figures.Median(runs.Select(pipeline)), Figures.Median(runs.Select(raw)));
            report.Add(measure, PerSecond(value), PerSecond(baseline) + baselineNote, $"{value / baseline:P0}",
                targeted ? $">= {Target:P0} of raw" : "", targeted ? value / baseline >= Target : null);
        }
        Rate("1 submitter, submissions/s", r => r.Single.Outcome.PerSecond, r => r.RawSingle);
        Rate($"{Concurrent} concurrent submitters, submissions/s", r => r.Concurrent.Outcome.PerSecond, r => r.RawConcurrent);
        // One submitter waits for each receipt, so each submission is a commit (and a sync) of its own: what SQLite with this
        // schema does that way, beside the issue's baseline.
        Rate("1 submitter, against raw inserts committed one at a time", r => r.Single.Outcome.PerSecond, r => r.RawEach, targeted: false,
            baselineNote: " (raw, a commit each)");

        var total = BurstSubmitters * EachBurst;
        var errors = Figures.Median(runs.Select(r => (double)r.Burst.Outcome.ErrorCount));
        var lost = Figures.Median(runs.Select(r => (double)r.Burst.Check.Lost));
        report.Add($"Burst of {total:N0}: errors", Count(errors), target: "0", met: runs.All(r => r.Burst.Outcome.ErrorCount == 0));
        report.Add($"Burst of {total:N0}: acknowledged but lost", Count(lost), target: "0",
            met: runs.All(r => r.Burst.Check.Lost == 0 && r.Burst.Check.RowsAdded == r.Burst.Outcome.Receipts.Count && r.Burst.Check.LedgerIntact));
        report.Add($"Burst of {total:N0}: absorbed in", Seconds(Figures.Median(runs.Select(r => r.Burst.Outcome.Elapsed.TotalSeconds))));
        report.Add($"Burst of {total:N0}: submissions/s", PerSecond(Figures.Median(runs.Select(r => r.Burst.Outcome.PerSecond))));

        foreach (var (error, count) in runs.SelectMany(r => r.Burst.Outcome.Errors.Concat(r.Single.Outcome.Errors).Concat(r.Concurrent.Outcome.Errors))
                     .GroupBy(e => e.Key, e => e.Value).Select(g => (g.Key, g.Sum())))
            report.Note($"Failed requests (all runs): {count:N0} x `{error}`.");
        report.Note("Lost = receipts returned whose version and ledger entry are not in the database. After the burst the rows added were " +
                    string.Join(", ", runs.Select(r => $"{r.Burst.Check.RowsAdded:N0} for {r.Burst.Outcome.Receipts.Count:N0} receipts")) +
                    $" (by run), and the whole ledger verified (VerifyLedger, through the mediator) " +
                    $"{(runs.All(r => r.Burst.Check.LedgerIntact) ? "intact" : "NOT intact")} in every run.");
        report.Note("Processor time of this process per submission (all threads; less sensitive than the rates to other work on the " +
                    "machine): " + string.Join("; ", runs.Select(r => $"1 submitter {Ms(r.Single)}, {Concurrent} submitters {Ms(r.Concurrent)}, burst {Ms(r.Burst)}")) + ".");
        report.Note("Submissions per database commit (group commit, GroupCommit): " +
                    string.Join("; ", runs.Select(r => Invariant($"1 submitter {r.Single.Outcome.PerCommit:F1}, {Concurrent} submitters {r.Concurrent.Outcome.PerCommit:F1}, burst {r.Burst.Outcome.PerCommit:F1}"))) + ".");
        report.Note("Share of each batch's time the group writer was at work (it runs the write steps one after another, then commits; " +
                    "near 100 % it bounds the rate), and the share it spent committing: " +
                    string.Join("; ", runs.Select(r => $"1 submitter {Busy(r.Single)}, {Concurrent} submitters {Busy(r.Concurrent)}, burst {Busy(r.Burst)}")) + ".");
        report.Note("Every submission's receipt is also emailed to the pickup folder (one .eml file each, as the portal does without an SMTP " +
                    "server), by the portal's background sender (ReceiptEmails; commits wake it, a pass at most every 250 ms): its work runs beside the submissions and " +
                    "is in the processor time above, measured until the last email is written. The last email was written " +
                    string.Join("; ", runs.Select(r => Invariant($"1 submitter {r.Single.Outcome.EmailedAfter.TotalSeconds:F2} s, {Concurrent} submitters {r.Concurrent.Outcome.EmailedAfter.TotalSeconds:F2} s, burst {r.Burst.Outcome.EmailedAfter.TotalSeconds:F2} s"))) +
                    " after the last receipt (by run). The raw baseline builds its rows before the clock starts.");
        return report;
    }

    private static string Ms((IngestOutcome Outcome, IngestCheck Check) measured) =>
        measured.Outcome.CpuPerSubmission.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) + " ms";

    private static string Busy((IngestOutcome Outcome, IngestCheck Check) measured) =>
        Invariant($"{measured.Outcome.WriterBusy:P0} ({measured.Outcome.WriterCommitting:P0} committing)");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string PerSecond(double value) => value.ToString("N0", CultureInfo.InvariantCulture) + "/s";

    private static string Count(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(double value) => value.ToString("F1", CultureInfo.InvariantCulture) + " s";

    private sealed record IngestRun(
        (IngestOutcome Outcome, IngestCheck Check) Single,
        (IngestOutcome Outcome, IngestCheck Check) Concurrent,
        (IngestOutcome Outcome, IngestCheck Check) Burst,
        double RawSingle,
        double RawConcurrent,
        double RawEach);
}
