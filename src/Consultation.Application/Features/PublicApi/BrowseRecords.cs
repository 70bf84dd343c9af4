using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consensus;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.PublicApi;

/// <summary>The published consensus records for the API: each consultation's latest version, newest first, cursor-paged.</summary>
public static class BrowseRecords
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(Uri Site, string? Cursor = null, int Limit = ApiCursor.DefaultLimit) : IQuery<ApiPage<ApiRecordSummary>>;

    /// <param name="Url">The printable record on the portal.</param>
    /// <param name="Self">The whole record in the API.</param>
    public sealed record ApiRecordSummary(string ConsultationSlug, string ConsultationTitle, int Version, ConsensusLevel Level,
        DateTimeOffset PublishedAt, string? CorrectionReason, string Url, string Self);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Cursor).ApiCursorOf(c => ApiCursor.TryRead(c, out DateTimeOffset _, out string _));
            RuleFor(q => q.Limit).WithinApiLimit();
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock) : IQueryHandler<Query, ApiPage<ApiRecordSummary>>
    {
        public async ValueTask<ApiPage<ApiRecordSummary>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var records = from r in db.ConsensusRecords.AsNoTracking()
                join c in db.Consultations on r.ConsultationId equals c.Id
                where r.PublishedAt <= now
                      && !db.ConsensusRecords.Any(later => later.ConsultationId == r.ConsultationId && later.PublishedAt <= now && later.Version > r.Version)
                select new { r.Version, r.Level, r.PublishedAt, r.CorrectionReason, c.Slug, c.Title };
            // A consultation has one latest record, so its slug breaks ties of the publication instant.
            if (ApiCursor.TryRead(query.Cursor, out DateTimeOffset at, out string slug))
                records = records.Where(r => r.PublishedAt < at || r.PublishedAt == at && string.Compare(r.Slug, slug) > 0);
            var rows = await records.OrderByDescending(r => r.PublishedAt).ThenBy(r => r.Slug).Take(query.Limit + 1).ToListAsync(cancellationToken);

            return ApiPagingRules.PageOf(rows, query.Limit, r => new ApiRecordSummary(r.Slug, r.Title, r.Version, r.Level, r.PublishedAt,
                    r.CorrectionReason, ApiLinks.Page(query.Site, $"consultations/{r.Slug}/record"), ApiLinks.Api(query.Site, $"consultations/{r.Slug}/record")),
                r => ApiCursor.Of(r.PublishedAt, r.Slug));
        }
    }
}
