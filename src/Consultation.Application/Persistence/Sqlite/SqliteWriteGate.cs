using System.Collections.Concurrent;
using System.Data;
using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Consultation.Application.Persistence.Sqlite;

/// <summary>
/// Makes this process's write transactions on one database file take turns in a queue before they ask SQLite for its
/// write lock. SQLite has one writer at a time: a second BEGIN IMMEDIATE waits in the busy handler, which sleeps (up to
/// 100 ms a try) and does not wake when the lock is freed, so under many concurrent writers the lock stood idle while
/// they slept (50 submitters went slower than one). Queued here, the next writer starts the moment the last commits.
/// Nothing about durability changes: each transaction still commits (and syncs) on its own.
/// </summary>
/// <remarks>
/// A long queue is waited out (a burst of submissions is absorbed, not refused), but a writer that sees no turn end for
/// <see cref="Patience"/> goes on to SQLite without its turn, as before this gate (its busy timeout then applies): a
/// write transaction this process has forgotten to end can slow the others, never hang them. The turn ends when the
/// transaction commits, rolls back or fails for good, or when its context's connection closes (a transaction disposed
/// unended is rolled back with it). A context that keeps its connection open after a transaction (the group writer's)
/// must roll back explicitly: disposing the transaction alone would leave the turn held.
/// </remarks>
internal sealed class SqliteWriteGate(string database) : DbTransactionInterceptor, IDbConnectionInterceptor
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    // One queue per database file, whichever provider instance (test host, benchmark, portal) opened it.
    private static readonly ConcurrentDictionary<string, WriterQueue> Queues = new();

    private readonly WriterQueue _queue = Queues.GetOrAdd(database, _ => new WriterQueue());

    /// <summary>The contexts whose transaction holds the turn (a context has at most one transaction at a time).</summary>
    private readonly ConditionalWeakTable<DbContext, object> _holders = new();

    public override InterceptionResult<DbTransaction> TransactionStarting(DbConnection connection, TransactionStartingEventData eventData,
        InterceptionResult<DbTransaction> result)
    {
        if (eventData.Context is not { } holder) return result;
        for (var seen = Interlocked.Read(ref _queue.TurnsEnded); ; seen = Interlocked.Read(ref _queue.TurnsEnded))
        {
            if (_queue.Turn.Wait(Patience)) return Hold(holder, result);
            if (Interlocked.Read(ref _queue.TurnsEnded) == seen) return result;
        }
    }

    public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection,
        TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is not { } holder) return result;
        for (var seen = Interlocked.Read(ref _queue.TurnsEnded); ; seen = Interlocked.Read(ref _queue.TurnsEnded))
        {
            if (await _queue.Turn.WaitAsync(Patience, cancellationToken)) return Hold(holder, result);
            if (Interlocked.Read(ref _queue.TurnsEnded) == seen) return result;
        }
    }

    public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionRolledBack(DbTransaction transaction, TransactionEndEventData eventData) => Release(eventData.Context);

    public override Task TransactionRolledBackAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void TransactionFailed(DbTransaction transaction, TransactionErrorEventData eventData) => ReleaseIfEnded(transaction, eventData.Context);

    public override Task TransactionFailedAsync(DbTransaction transaction, TransactionErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        ReleaseIfEnded(transaction, eventData.Context);
        return Task.CompletedTask;
    }

    public void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => Release(eventData.Context);

    public Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public void ConnectionDisposed(DbConnection connection, ConnectionEventData eventData) => Release(eventData.Context);

    public Task ConnectionDisposedAsync(DbConnection connection, ConnectionEventData eventData)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>A failed commit or rollback may leave the transaction open (SQLite keeps it after some errors): then it keeps its turn.</summary>
    private void ReleaseIfEnded(DbTransaction transaction, DbContext? holder)
    {
        if (transaction.Connection is not { State: ConnectionState.Open }) Release(holder);
    }

    private InterceptionResult<DbTransaction> Hold(DbContext holder, InterceptionResult<DbTransaction> result)
    {
        _holders.AddOrUpdate(holder, this);
        return result;
    }

    private void Release(DbContext? holder)
    {
        if (holder is null || !_holders.Remove(holder)) return;
        Interlocked.Increment(ref _queue.TurnsEnded);
        _queue.Turn.Release();
    }

    private sealed class WriterQueue
    {
        public readonly SemaphoreSlim Turn = new(1, 1);

        /// <summary>Counts turns ended: a writer that waited and saw none end knows the holder is stuck, not the queue long.</summary>
        public long TurnsEnded;
    }
}
