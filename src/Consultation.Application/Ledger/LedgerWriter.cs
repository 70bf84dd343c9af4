using Consultation.Application.Persistence;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Ledger;

/// <summary>
/// Appends to the integrity ledger inside the caller's write transaction, so that the entry and the change it
/// records are saved together or not at all, and two writers cannot both chain to the same head.
/// </summary>
public sealed class LedgerWriter
{
    public async Task<LedgerEntry> AppendAsync(ConsultationDbContext db, LedgerEntryKind kind, Guid subjectId,
        string contentHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entry = LedgerEntry.Append(await HeadAsync(db, cancellationToken), kind, subjectId, contentHash, now);
        db.Ledger.Add(entry);
        return entry;
    }

    /// <summary>
    /// The hash of the ledger's head as the caller's transaction sees it (entries it appended included), for what
    /// states "the ledger at this moment", such as a consensus record.
    /// </summary>
    public async Task<string> HeadHashAsync(ConsultationDbContext db, CancellationToken cancellationToken) =>
        (await HeadAsync(db, cancellationToken))?.Hash ?? LedgerEntry.GenesisHash;

    private static async Task<LedgerEntry?> HeadAsync(ConsultationDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
            throw new InvalidOperationException("Ledger entries are appended inside the write transaction of the change they record.");
        // Appended and not saved yet; else saved earlier in this transaction (TransactionReads); else as the database has it.
        return db.UnsavedLedgerHead() ?? db.Reads?.LedgerHead ?? await Head(db);
    }

    // Compiled once: the first append of each write transaction reads the head while it holds the write lock (docs/BENCHMARKS.md, ingest).
    private static readonly Func<ConsultationDbContext, Task<LedgerEntry?>> Head =
        EF.CompileAsyncQuery((ConsultationDbContext db) => db.Ledger.AsNoTracking().OrderByDescending(e => e.Sequence).FirstOrDefault());
}
