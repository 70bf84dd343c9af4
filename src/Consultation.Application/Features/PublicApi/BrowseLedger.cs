using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.PublicApi;

/// <summary>
/// The ledger's entries for the API, in sequence, cursor-paged, so that anyone can copy the whole chain and recompute
/// every hash (docs/ledger.md). An entry holds hashes, a kind and the id of what it records: nothing private.
/// </summary>
public static class BrowseLedger
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string? Cursor = null, int Limit = ApiCursor.DefaultLimit) : IQuery<ApiPage<ApiLedgerEntry>>;

    public sealed record ApiLedgerEntry(long Sequence, LedgerEntryKind Kind, Guid SubjectId, string ContentHash, DateTimeOffset RecordedAt,
        string PreviousHash, string Hash);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Cursor).ApiCursorOf(c => ApiCursor.TryRead(c, out long _));
            RuleFor(q => q.Limit).WithinApiLimit();
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, ApiPage<ApiLedgerEntry>>
    {
        public async ValueTask<ApiPage<ApiLedgerEntry>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var after = ApiCursor.TryRead(query.Cursor, out long sequence) ? sequence : 0;
            var rows = await db.Ledger.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(query.Limit + 1)
                .Select(e => new ApiLedgerEntry(e.Sequence, e.Kind, e.SubjectId, e.ContentHash, e.RecordedAt, e.PreviousHash, e.Hash))
                .ToListAsync(cancellationToken);
            return ApiPagingRules.PageOf(rows, query.Limit, e => e, e => ApiCursor.Of(e.Sequence));
        }
    }
}
