using Consultation.Application.Features.Consultations;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Common;
using Consultation.Domain.Consultations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.PublicApi;

/// <summary>The consultations for the API, newest first, cursor-paged; by status, year of opening and body.</summary>
public static class BrowseConsultations
{
    /// <param name="Site">The portal's address as the reader reached it, for the absolute links.</param>
    /// <param name="Year">The UTC year in which the comment period opened.</param>
    /// <param name="Body">A body's slug: the consultations it convened or took a position in.</param>
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(Uri Site, ConsultationStatus? Status = null, int? Year = null, string? Body = null, string? Cursor = null,
        int Limit = ApiCursor.DefaultLimit) : IQuery<ApiPage<ApiConsultation>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).IsInEnum();
            RuleFor(q => q.Year).InclusiveBetween(1970, 9999).WithMessage("Give a year from 1970 to 9999.");
            RuleFor(q => q.Body).Must(slug => slug is null || Slug.IsValid(slug)).WithMessage("That is not a body's address.");
            RuleFor(q => q.Cursor).ApiCursorOf(c => ApiCursor.TryRead(c, out DateTimeOffset _, out string _));
            RuleFor(q => q.Limit).WithinApiLimit();
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock) : IQueryHandler<Query, ApiPage<ApiConsultation>>
    {
        public async ValueTask<ApiPage<ApiConsultation>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var consultations = await ConsultationFilter.NarrowAsync(db, db.Consultations.AsNoTracking(), query.Status, query.Year, query.Body,
                now, cancellationToken);
            if (ApiCursor.TryRead(query.Cursor, out DateTimeOffset opensAt, out string slug))
                consultations = consultations.Where(c => c.OpensAt < opensAt || c.OpensAt == opensAt && string.Compare(c.Slug, slug) > 0);

            var rows = await consultations
                .OrderByDescending(c => c.OpensAt).ThenBy(c => c.Slug)
                .Take(query.Limit + 1)
                .Select(c => new
                {
                    Consultation = c,
                    Convener = db.Bodies.Where(b => b.Id == c.ConvenerBodyId).Select(b => new ApiBody(b.Slug, b.Name, b.Acronym, b.Kind)).FirstOrDefault(),
                    Submissions = db.Submissions.Count(s => s.ConsultationId == c.Id && s.WithdrawnAt == null),
                    HasRecord = db.ConsensusRecords.Any(r => r.ConsultationId == c.Id && r.PublishedAt <= now),
                })
                .ToListAsync(cancellationToken);

            return ApiPagingRules.PageOf(rows, query.Limit, r => new ApiConsultation(r.Consultation.Slug, r.Consultation.Title,
                    r.Consultation.StatusAt(now), r.Consultation.OpensAt, r.Consultation.ClosesAt, r.Consultation.ReplyClosesAt,
                    r.Consultation.DecidedAt, r.Convener, r.Submissions, ApiLinks.Page(query.Site, $"consultations/{r.Consultation.Slug}"),
                    ApiConsultationLinks.For(query.Site, r.Consultation.Slug, r.HasRecord)),
                r => ApiCursor.Of(r.Consultation.OpensAt, r.Consultation.Slug));
        }
    }
}
