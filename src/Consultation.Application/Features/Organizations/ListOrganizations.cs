using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Organizations;

/// <summary>
/// Every stakeholder body as the public directory shows it: its kind, the body it sits within, and how many
/// positions it has put on record. Nothing about its people: who belongs to a body is not public.
/// </summary>
public static class ListOrganizations
{
    /// <param name="Kind">Only the bodies of this kind; every body when null.</param>
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(BodyKind? Kind = null) : IQuery<IReadOnlyList<Item>>;

    /// <param name="Positions">The body's official positions, withdrawn ones included: they stay public, marked withdrawn.</param>
    public sealed record Item(string Slug, string Name, string? Acronym, BodyKind Kind, string? ParentSlug, string? ParentName, int Positions)
    {
        public string ShortName => Acronym ?? Name;
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var bodies = await db.Bodies.AsNoTracking()
                .Where(b => query.Kind == null || b.Kind == query.Kind)
                .Select(b => new Item(b.Slug, b.Name, b.Acronym, b.Kind, b.Parent == null ? null : b.Parent.Slug,
                    b.Parent == null ? null : b.Parent.Acronym ?? b.Parent.Name,
                    db.Submissions.Count(s => s.OnBehalfOfBodyId == b.Id)))
                .ToListAsync(cancellationToken);
            // Kinds in the order DOMAIN.md lists them (SOs first), which their stored names would not give.
            return bodies.OrderBy(b => b.Kind).ThenBy(b => b.ShortName, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }
}
