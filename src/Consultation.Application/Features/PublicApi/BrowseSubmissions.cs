using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.PublicApi;

/// <summary>A consultation's submissions for the API, in the order they arrived, cursor-paged.</summary>
public static class BrowseSubmissions
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(Uri Site, string Slug, string? Cursor = null, int Limit = ApiCursor.DefaultLimit) : IQuery<ApiPage<ApiSubmission>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Slug).Must(Slug.IsValid).WithMessage("That is not a consultation address.");
            RuleFor(q => q.Cursor).ApiCursorOf(c => ApiCursor.TryRead(c, out DateTimeOffset _, out string id) && Guid.TryParse(id, out _));
            RuleFor(q => q.Limit).WithinApiLimit();
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, ApiPage<ApiSubmission>>
    {
        public async ValueTask<ApiPage<ApiSubmission>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var consultationId = await db.Consultations.Where(c => c.Slug == query.Slug).Select(c => (Guid?)c.Id).SingleOrDefaultAsync(cancellationToken)
                                 ?? throw new NotFoundException($"There is no consultation at /consultations/{query.Slug}.");

            // Keyset on (FirstSubmittedAt, Id): the index on (ConsultationId, FirstSubmittedAt) finds where the page starts.
            var submissions = db.Submissions.AsNoTracking().Where(s => s.ConsultationId == consultationId);
            if (ApiCursor.TryRead(query.Cursor, out DateTimeOffset after, out string afterText) && Guid.TryParse(afterText, out var afterId))
                submissions = submissions.Where(s => s.FirstSubmittedAt > after || s.FirstSubmittedAt == after && s.Id.CompareTo(afterId) > 0);
            var keys = await submissions.OrderBy(s => s.FirstSubmittedAt).ThenBy(s => s.Id).Take(query.Limit + 1)
                .Select(s => new { s.Id, s.FirstSubmittedAt }).ToListAsync(cancellationToken);

            var page = keys.Take(query.Limit).Select(k => k.Id).ToList();
            var items = await ApiSubmissionReader.ReadAsync(db, query.Slug, page, query.Site, withVersionTexts: false, cancellationToken);
            return new ApiPage<ApiSubmission>(items, keys.Count > query.Limit ? ApiCursor.Of(keys[query.Limit - 1].FirstSubmittedAt, keys[query.Limit - 1].Id.ToString()) : null);
        }
    }
}
