using System.Data.Common;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Consultation.Application.Persistence;

/// <summary>
/// What the write steps of one transaction carry from one to the next instead of reading it again: the group writer
/// (<see cref="GroupCommit"/>) runs up to 64 submissions in one transaction, and each read its consultation and the
/// ledger's head anew (docs/BENCHMARKS.md, ingest). A write transaction holds SQLite's write lock, so only its own writes
/// can change these meanwhile: they are kept by the context for its current transaction
/// (<see cref="ConsultationDbContext.Reads"/>; a new transaction starts with none) and forgotten whenever that transaction
/// rolls back to a savepoint (<see cref="Forgetting"/>), whenever a save fails, and, for the consultations, whenever a
/// save changes one. A write to the ledger or a consultation that bypasses SaveChanges (ExecuteUpdate, raw SQL) inside a
/// transaction must call <see cref="ConsultationDbContext.ForgetReads"/>: none does today.
/// </summary>
internal sealed class TransactionReads
{
    /// <summary>The last ledger entry a save of this transaction wrote: the ledger's head, as the transaction sees it.</summary>
    public LedgerEntry? LedgerHead { get; internal set; }

    /// <summary>Consultations read in this transaction, not tracked, by id.</summary>
    public Dictionary<Guid, PublicConsultation> Consultations { get; } = [];

    /// <summary>
    /// Forgets the context's reads as its transaction rolls back to a savepoint. (Rolled back altogether, the transaction
    /// ends: the reads are bound to it, and the next transaction starts with none.)
    /// </summary>
    internal sealed class Forgetting : DbTransactionInterceptor
    {
        public override InterceptionResult RollingBackToSavepoint(DbTransaction transaction, TransactionEventData eventData, InterceptionResult result)
        {
            Forget(eventData);
            return result;
        }

        public override ValueTask<InterceptionResult> RollingBackToSavepointAsync(DbTransaction transaction, TransactionEventData eventData,
            InterceptionResult result, CancellationToken cancellationToken = default)
        {
            Forget(eventData);
            return ValueTask.FromResult(result);
        }

        private static void Forget(TransactionEventData eventData) => (eventData.Context as ConsultationDbContext)?.ForgetReads();
    }
}
