using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Periods;

/// <summary>
/// What every change to a consultation's periods shares: one write transaction, the domain's rule, a ledger entry
/// for the change, one save.
/// </summary>
public sealed class PeriodWriter(IDbContextFactory<ConsultationDbContext> factory, LedgerWriter ledger, TimeProvider clock)
{
    /// <param name="change">Applies the change through the domain and returns what the ledger records: its subject and content hash.</param>
    public async Task ChangeAsync(string slug, Func<ConsultationDbContext, PublicConsultation, DateTimeOffset, Task<(Guid Subject, string ContentHash)>> change,
        CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var consultation = await db.Consultations.Include(c => c.DeadlineChanges).SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken)
                           ?? throw new NotFoundException($"There is no consultation at /consultations/{slug}.");
        var (subject, contentHash) = await change(db, consultation, now);
        await ledger.AppendAsync(db, LedgerEntryKind.DeadlineChange, subject, contentHash, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
