using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Consultation.Application.Persistence;

/// <summary>
/// Group commit: the write steps that arrive while a commit is under way run one after another in the next database
/// transaction and are committed (and synced) together. Every step's caller waits for that commit, so nothing is
/// acknowledged before it is durable. A step that fails is undone alone and its caller gets its own error (the group is
/// rolled back and its other steps run again, each in a savepoint of its own); when the commit itself fails, every step
/// of the group gets that error and none of it is saved.
/// </summary>
/// <remarks>
/// One writer at a time is all SQLite allows; each submission committing on its own paid a sync and a hand-over of the
/// write lock, and 50 submitters kept the processors half idle waiting for both (docs/BENCHMARKS.md). A lone step is
/// committed at once: steps are grouped only while an earlier group is still committing. Steps run with no cancellation,
/// so one caller giving up cannot undo the others'; a step whose caller gave up before it started is not run.
/// A step lets a failed save fail it: EF's savepoint around each save is off in a group, so a step that caught a failed
/// SaveChanges and went on would keep what that save had written. A step may run twice (when another step of its group
/// fails), each time in a new transaction: it does nothing outside the database that cannot be done twice. The context
/// handed to steps is the writer's own, kept from group to group: its tracked entities are cleared after every step, and
/// its settings put back before every group. The steps of a group share what their transaction carries (the ledger's
/// head, the consultations read: <see cref="TransactionReads"/>).
/// </remarks>
public sealed class GroupCommit(IDbContextFactory<ConsultationDbContext> factory, ArchiveRevisionBump revision, ILogger<GroupCommit> logger)
    : IDisposable, IAsyncDisposable
{
    /// <summary>How long a stopping portal waits for the steps still queued before it closes regardless.</summary>
    public static readonly TimeSpan StopPatience = TimeSpan.FromSeconds(30);

    /// <summary>At most this many steps share one transaction, so that one commit's wait stays short.</summary>
    public const int MaxGroup = 64;

    private readonly Channel<Step> _queue = Channel.CreateUnbounded<Step>(new UnboundedChannelOptions { SingleReader = true });
    private Task? _running;
    private ConsultationDbContext? _writer;
    private WriterSettings _settings;
    private readonly Lock _start = new();
    private long _groupsCommitted, _stepsCommitted, _writingTicks, _committingTicks;

    /// <summary>
    /// Groups committed so far and the steps they saved; how long the writer has been at work on groups, and how much of
    /// that went to committing them. The benchmark reports these: a writer at work all the time bounds the rate.
    /// </summary>
    public (long Groups, long Steps, TimeSpan Writing, TimeSpan Committing) Committed =>
        (Interlocked.Read(ref _groupsCommitted), Interlocked.Read(ref _stepsCommitted),
            Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _writingTicks)), Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _committingTicks)));

    /// <summary>
    /// Runs <paramref name="write"/> in the next group's transaction and returns its result once that group is committed.
    /// The step is handed <see cref="CancellationToken.None"/>: once begun it runs to its end, whatever its caller does.
    /// It runs again, in a new transaction, if another step of its group fails (<see cref="GroupCommit"/>).
    /// </summary>
    /// <exception cref="ObjectDisposedException">
    /// The portal is shutting down (the container disposed the writer): nothing of this step was run or saved, and the
    /// request fails as any request caught by a shutdown does. Steps queued before it are still written while the
    /// database can be reached, and their callers hear the outcome either way.
    /// </exception>
    public Task<T> WriteAsync<T>(Func<ConsultationDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        var step = new Step<T>(write, cancellationToken);
        // Queued and the writer started under one lock: a stop (DisposeAsync) sees either both or neither.
        lock (_start)
        {
            if (!_queue.Writer.TryWrite(step)) throw new ObjectDisposedException(nameof(GroupCommit));
            _running ??= Task.Run(WriteGroupsAsync);
        }
        return step.Completion;
    }

    private async Task WriteGroupsAsync()
    {
        var group = new List<Step>(MaxGroup);
        try
        {
            while (await _queue.Reader.WaitToReadAsync())
            {
                group.Clear();
                while (group.Count < MaxGroup && _queue.Reader.TryRead(out var step))
                    if (step.Begin()) group.Add(step);
                if (group.Count == 0) continue;
                try
                {
                    await CommitAsync(group);
                }
                catch (Exception failure)
                {
                    // Never the end of the writer: every later submission would wait for it forever.
                    logger.LogError(failure, "The group writer failed outside any step; the group's steps were given the error.");
                    foreach (var step in group) step.Fail(failure);
                }
            }
        }
        finally
        {
            await DropWriterContextAsync();
        }
    }

    /// <summary>
    /// The writer's context, its connection kept open from one group to the next: a connection opened for each group
    /// compiled every statement again (its prepared statements go with it, <see cref="Sqlite.SqliteStatementReuse"/>)
    /// and ran its settings again, which with one submitter at a time was a third of each submission's write
    /// (docs/BENCHMARKS.md, ingest). Between groups it holds no transaction, no lock and no reader. It is dropped after
    /// any failure that is not a step's own, and made anew for the next group.
    /// </summary>
    private async Task<ConsultationDbContext> WriterContextAsync()
    {
        if (_writer is { } kept)
        {
            _settings.PutBack(kept);
            return kept;
        }
        var db = await factory.CreateDbContextAsync();
        try
        {
            await db.Database.OpenConnectionAsync();
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
        _settings = WriterSettings.Of(db);
        return _writer = db;
    }

    /// <summary>Closes the writer's connection (the next group opens another); a close that fails is logged, not thrown.</summary>
    private async Task DropWriterContextAsync()
    {
        if (_writer is not { } db) return;
        _writer = null;
        try
        {
            await db.DisposeAsync();
        }
        catch (Exception failure)
        {
            logger.LogError(failure, "The group writer's connection failed to close; the next group opens another.");
        }
    }

    /// <summary>What a step could change on the writer's context and must not hand on to the next group.</summary>
    private readonly record struct WriterSettings(QueryTrackingBehavior Tracking, bool DetectChanges, int? CommandTimeout)
    {
        public static WriterSettings Of(ConsultationDbContext db) =>
            new(db.ChangeTracker.QueryTrackingBehavior, db.ChangeTracker.AutoDetectChangesEnabled, db.Database.GetCommandTimeout());

        public void PutBack(ConsultationDbContext db)
        {
            db.ChangeTracker.QueryTrackingBehavior = Tracking;
            db.ChangeTracker.AutoDetectChangesEnabled = DetectChanges;
            db.Database.SetCommandTimeout(CommandTimeout);
        }
    }

    private async Task CommitAsync(List<Step> group)
    {
        var started = Stopwatch.GetTimestamp();
        List<Step>? written = null;
        Exception? groupFailure = null;
        try
        {
            written = await TryCommitAsync(group, eachInSavepoint: false);
            if (written is null)
            {
                // Run again from the start without the failed step, each in a savepoint. The others run again on what the
                // database holds then, their clocks read anew; the failed one keeps the error of its first run.
                var rest = group.Where(step => !step.Failed).ToList();
                written = rest.Count == 0 ? [] : await TryCommitAsync(rest, eachInSavepoint: true);
            }
        }
        catch (Exception failure)
        {
            groupFailure = failure;
        }
        // Counted before any caller is released, so that a caller reading Committed finds its own group's time in it.
        Interlocked.Add(ref _writingTicks, Stopwatch.GetTimestamp() - started);
        if (groupFailure is not null)
        {
            foreach (var step in group) step.Fail(groupFailure);
            // Closing the connection ends whatever the failure left open (a transaction, the write lock's turn).
            await DropWriterContextAsync();
            return;
        }
        if (written!.Count == 0) return; // every step failed alone: nothing was committed
        Interlocked.Increment(ref _groupsCommitted);
        Interlocked.Add(ref _stepsCommitted, written.Count);
        foreach (var step in written) step.Succeed();
    }

    /// <summary>
    /// Runs the steps in one transaction and commits them; returns the steps written. Without a savepoint for each step,
    /// the first step to fail is given its error and nothing is committed (null): the transaction is rolled back whole.
    /// </summary>
    /// <remarks>
    /// A savepoint for each step cost a tenth of the writer's time: releasing one makes the search index (FTS5) write out
    /// what the step added to it (docs/BENCHMARKS.md, ingest). Steps rarely fail once validated, so a group is first run
    /// without them, and only a group in which a step failed is run again, its other steps each in a savepoint.
    /// </remarks>
    private async Task<List<Step>?> TryCommitAsync(List<Step> steps, bool eachInSavepoint)
    {
        var written = new List<Step>(steps.Count);
        var db = await WriterContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        // A step's savepoint, when it has one, covers its saves: EF's own savepoint around each save would be a second one.
        db.Database.AutoSavepointsEnabled = false;
        using var deferral = revision.Defer(db);
        foreach (var step in steps)
        {
            if (eachInSavepoint) await transaction.CreateSavepointAsync("step");
            try
            {
                await step.RunAsync(db);
                written.Add(step);
            }
            catch (Exception failure)
            {
                step.Fail(failure);
                if (!eachInSavepoint)
                {
                    // Rolled back now, not by disposing: the connection stays open, and the rollback ends the write lock's turn.
                    await transaction.RollbackAsync();
                    return null;
                }
                await transaction.RollbackToSavepointAsync("step");
            }
            finally
            {
                if (eachInSavepoint) await transaction.ReleaseSavepointAsync("step");
                // The next step starts from the database (and what its transaction carries, TransactionReads), as it
                // would in a transaction of its own.
                db.ChangeTracker.Clear();
            }
        }
        await deferral.BumpAsync(CancellationToken.None);
        var committing = Stopwatch.GetTimestamp();
        await transaction.CommitAsync();
        Interlocked.Add(ref _committingTicks, Stopwatch.GetTimestamp() - committing);
        return written;
    }

    public void Dispose()
    {
        lock (_start) _queue.Writer.TryComplete();
    }

    /// <summary>
    /// Takes no more steps, waits for those queued to be written (up to <see cref="StopPatience"/>: a step runs to its
    /// end, and one that never ends must not hold the stop), and closes the writer's connection: a portal stopping leaves
    /// the database file to nobody (a restore refuses a file still open). <see cref="Dispose"/> only stops taking steps.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (_start)
        {
            _queue.Writer.TryComplete();
            running = _running;
        }
        if (running is null) return;
        try
        {
            await running.WaitAsync(StopPatience);
        }
        catch (TimeoutException)
        {
            logger.LogError("The group writer was still writing {Patience} after the portal began to stop; stopping without it.", StopPatience);
        }
    }

    private abstract class Step
    {
        /// <summary>False when its caller has given up already: it is not run.</summary>
        public abstract bool Begin();

        public abstract Task RunAsync(ConsultationDbContext db);

        public abstract void Succeed();

        /// <summary>Ignored once the step has an outcome (a step that failed alone keeps its own error).</summary>
        public abstract void Fail(Exception failure);

        /// <summary>Whether the step has failed already (and its caller has its error).</summary>
        public abstract bool Failed { get; }
    }

    private sealed class Step<T>(Func<ConsultationDbContext, CancellationToken, Task<T>> write, CancellationToken cancellationToken) : Step
    {
        private readonly TaskCompletionSource<T> _outcome = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Completion => _outcome.Task;

        public override bool Begin() => !cancellationToken.IsCancellationRequested || !_outcome.TrySetCanceled(cancellationToken);

        public override async Task RunAsync(ConsultationDbContext db) => _result = await write(db, CancellationToken.None);

        public override void Succeed() => _outcome.TrySetResult(_result);

        public override void Fail(Exception failure) => _outcome.TrySetException(failure);

        public override bool Failed => _outcome.Task.IsFaulted;
    }
}
