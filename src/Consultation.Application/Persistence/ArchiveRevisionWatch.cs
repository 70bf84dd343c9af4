using System.Data.Common;
using Consultation.Application.Features.OpenData;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Consultation.Application.Persistence;

/// <summary>
/// The archive revision read last, so that every anonymous request does not read the row again (under load the read
/// through the mediator was about 40 % of the processor time of a kept page, docs/BENCHMARKS.md). It is read again
/// at once after any transaction of this process commits, and at least every <see cref="Recheck"/>, which bounds how
/// late a change written by another process (a second instance, a maintenance tool) is seen.
/// </summary>
public sealed class ArchiveRevisionWatch
{
    public static readonly TimeSpan Recheck = TimeSpan.FromSeconds(1);

    private long _commits;
    private Known? _known;

    /// <param name="Commits">How many commits had been seen when the read began: a commit during the read makes it stale at once.</param>
    /// <param name="ReadAt">Milliseconds of the machine's uptime: real time, whatever clock the portal is given.</param>
    private sealed record Known(ReadArchiveRevision.Revision? Revision, long Commits, long ReadAt);

    /// <summary>A transaction of this process has committed: the revision may have moved.</summary>
    public void Committed() => Interlocked.Increment(ref _commits);

    public async ValueTask<ReadArchiveRevision.Revision?> CurrentAsync(Func<ValueTask<ReadArchiveRevision.Revision?>> read)
    {
        var commits = Interlocked.Read(ref _commits);
        if (Volatile.Read(ref _known) is { } known && known.Commits == commits && Environment.TickCount64 - known.ReadAt < Recheck.TotalMilliseconds)
            return known.Revision;
        var readAt = Environment.TickCount64;
        var revision = await read();
        Volatile.Write(ref _known, new Known(revision, commits, readAt));
        return revision;
    }

    /// <summary>Tells the watch of every commit, including those of saves that bump the revision in a transaction of their own.</summary>
    internal sealed class Commits(ArchiveRevisionWatch watch) : DbTransactionInterceptor
    {
        public override void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => watch.Committed();

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            watch.Committed();
            return Task.CompletedTask;
        }
    }
}
