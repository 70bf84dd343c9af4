using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Ledger;

/// <summary>The ledger's head as stored: its last entry and how many there are (without verifying anything).</summary>
public static class LedgerHead
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query : IQuery<Result>;

    /// <param name="Sequence">The head's sequence number; 0 for an empty ledger.</param>
    /// <param name="Hash">The head's hash; the genesis hash (64 zeros) for an empty ledger.</param>
    public sealed record Result(long Sequence, string Hash, DateTimeOffset? RecordedAt, long Entries);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var head = await db.Ledger.AsNoTracking().OrderByDescending(e => e.Sequence)
                .Select(e => new { e.Sequence, e.Hash, e.RecordedAt }).FirstOrDefaultAsync(cancellationToken);
            var entries = await db.Ledger.LongCountAsync(cancellationToken);
            return head is null
                ? new Result(0, LedgerEntry.GenesisHash, null, 0)
                : new Result(head.Sequence, head.Hash, head.RecordedAt, entries);
        }
    }
}
