using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.PublicApi;

/// <summary>The stakeholder bodies for the API, by slug, cursor-paged; never their people.</summary>
public static class BrowseOrganizations
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(Uri Site, BodyKind? Kind = null, string? Cursor = null, int Limit = ApiCursor.DefaultLimit) : IQuery<ApiPage<ApiOrganization>>;

    /// <param name="Positions">The body's official positions, withdrawn ones included.</param>
    public sealed record ApiOrganization(string Slug, string Name, string? Acronym, BodyKind Kind, string? ParentSlug, int Positions, string Url, string Self);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Kind).IsInEnum();
            RuleFor(q => q.Cursor).ApiCursorOf(c => ApiCursor.TryRead(c, out string slug) && Slug.IsValid(slug));
            RuleFor(q => q.Limit).WithinApiLimit();
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, ApiPage<ApiOrganization>>
    {
        public async ValueTask<ApiPage<ApiOrganization>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var bodies = db.Bodies.AsNoTracking().Where(b => query.Kind == null || b.Kind == query.Kind);
            if (ApiCursor.TryRead(query.Cursor, out string after)) bodies = bodies.Where(b => string.Compare(b.Slug, after) > 0);
            var rows = await bodies.OrderBy(b => b.Slug).Take(query.Limit + 1)
                .Select(b => new
                {
                    b.Slug, b.Name, b.Acronym, b.Kind, ParentSlug = b.Parent == null ? null : b.Parent.Slug,
                    Positions = db.Submissions.Count(s => s.OnBehalfOfBodyId == b.Id),
                })
                .ToListAsync(cancellationToken);
            return ApiPagingRules.PageOf(rows, query.Limit, b => new ApiOrganization(b.Slug, b.Name, b.Acronym, b.Kind, b.ParentSlug, b.Positions,
                ApiLinks.Page(query.Site, $"organizations/{b.Slug}"), ApiLinks.Api(query.Site, $"organizations/{b.Slug}")), b => ApiCursor.Of(b.Slug));
        }
    }
}
