using Consultation.Application.Features.Search;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Search;
using Consultation.Domain.Bodies;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.PublicApi;

/// <summary>
/// The archive search of the /search page for the API: the same words, filters and orders, with a limit per page and a
/// cursor that carries the offset into the ordered matches (ranks have no key to seek from), bounded by <see cref="MaxOffset"/>.
/// Nothing is counted: one match past the page tells whether a next one follows.
/// </summary>
public static class SearchByCursor
{
    /// <summary>As far as the /search page goes; beyond it FTS5 would read ever more matches only to skip them.</summary>
    public const int MaxOffset = ISearchIndex.ResultLimit;

    [AllowedFor(Audience.Anyone)]
    public sealed record Query(Uri Site, string? Text, string? Consultation = null, Stance? Stance = null, BodyKind? Kind = null,
        string? Body = null, DateOnly? From = null, DateOnly? To = null, string? Cursor = null, int Limit = ApiCursor.DefaultLimit,
        SearchOrder Order = SearchOrder.Newest)
        : IQuery<ApiPage<ApiSearchHit>>
    {
        /// <summary>The page's search, so that both are validated by the same rules.</summary>
        public SearchArchive.Query AsPageSearch() => new(Text, Consultation, Stance, Kind, Body, From, To, Order: Order);
    }

    /// <param name="Url">The submission's permanent link, or the section on its consultation's page.</param>
    /// <param name="Snippet">The text around the matches; the parts with <c>isMatch</c> are the words that matched.</param>
    public sealed record ApiSearchHit(SearchArchive.HitKind Kind, string ConsultationSlug, string ConsultationTitle, string Title, string Url,
        IReadOnlyList<SnippetPart> Snippet, Guid? SubmissionId, string? AuthorName, string? BodyName, BodyKind? BodyKind, Stance? Stance,
        DateTimeOffset? SubmittedAt, bool IsWithdrawn);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Text).NotEmpty().WithMessage("Give the words to search for.");
            RuleFor(q => q.AsPageSearch()).SetValidator(new SearchArchive.Validator()).OverridePropertyName("Search");
            RuleFor(q => q.Cursor).ApiCursorOf(c => ApiCursor.TryRead(c, out long offset) && offset <= MaxOffset);
            RuleFor(q => q.Limit).WithinApiLimit();
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ISearchIndex index) : IQueryHandler<Query, ApiPage<ApiSearchHit>>
    {
        public async ValueTask<ApiPage<ApiSearchHit>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var consultationId = query.Consultation is { } c
                ? await db.Consultations.Where(x => x.Slug == c).Select(x => (Guid?)x.Id).SingleOrDefaultAsync(cancellationToken) : null;
            var bodyId = query.Body is { } b ? await db.Bodies.Where(x => x.Slug == b).Select(x => (Guid?)x.Id).SingleOrDefaultAsync(cancellationToken) : null;
            // A filter naming nothing that exists matches nothing, as on the page.
            if (query.Consultation is not null && consultationId is null || query.Body is not null && bodyId is null) return new ApiPage<ApiSearchHit>([], null);

            var offset = ApiCursor.TryRead(query.Cursor, out long after) ? (int)after : 0;
            var filter = SearchFilter.Of(consultationId, query.Stance, query.Kind, bodyId, query.From, query.To);
            SearchIndexPage page;
            try
            {
                page = await index.SearchAsync(db, SearchTerms.Parse(query.Text!), filter, query.Order, offset, query.Limit, count: false, cancellationToken);
            }
            catch (SearchNotUnderstoodException refused)
            {
                throw new InputInvalidException(new Dictionary<string, string[]> { [nameof(Query.Text)] = [refused.Message] });
            }

            var consultationIds = page.Matches.Select(m => m.ConsultationId).Distinct().ToList();
            var consultations = await db.Consultations.AsNoTracking().Where(x => consultationIds.Contains(x.Id))
                .ToDictionaryAsync(x => x.Id, x => (x.Slug, x.Title), cancellationToken);
            var hits = await SearchArchive.Handler.HitsAsync(db, page.Matches, consultations, cancellationToken);
            var next = offset + query.Limit;
            return new ApiPage<ApiSearchHit>(
                hits.Select(h => new ApiSearchHit(h.Kind, h.ConsultationSlug, h.ConsultationTitle, h.Title, ApiLinks.Page(query.Site, h.Link.TrimStart('/')),
                    h.Snippet, h.SubmissionId, h.AuthorName, h.BodyName, h.BodyKind, h.Stance, h.SubmittedAt, h.IsWithdrawn)).ToList(),
                page.More ? ApiCursor.Of(next) : null);
        }
    }
}
