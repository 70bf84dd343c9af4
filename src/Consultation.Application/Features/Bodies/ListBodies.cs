using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

/// <summary>Every stakeholder body with how many people belong to it and speak for it now: the administrator's overview.</summary>
public static class ListBodies
{
    [AllowedFor(Roles.Administrator)]
    public sealed record Query : IQuery<IReadOnlyList<Item>>;

    public sealed record Item(string Slug, string Name, string? Acronym, BodyKind Kind, string? ParentSlug, string? ParentName,
        int CurrentMembers, int ActiveMandates)
    {
        public string ShortName => Acronym ?? Name;
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock) : IQueryHandler<Query, IReadOnlyList<Item>>
    {
        public async ValueTask<IReadOnlyList<Item>> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var current = Standings.CurrentAt(now);
            var active = Standings.ActiveAt(now);
            var bodies = await db.Bodies.AsNoTracking()
                .Select(b => new Item(b.Slug, b.Name, b.Acronym, b.Kind, b.Parent == null ? null : b.Parent.Slug,
                    b.Parent == null ? null : b.Parent.Acronym ?? b.Parent.Name,
                    db.Memberships.Where(m => m.BodyId == b.Id).Count(current),
                    db.Mandates.Where(m => m.BodyId == b.Id).Count(active)))
                .ToListAsync(cancellationToken);
            // Kinds in the order DOMAIN.md lists them (SOs first), which their stored names would not give.
            return bodies.OrderBy(b => b.Kind).ThenBy(b => b.ShortName, StringComparer.OrdinalIgnoreCase).ToList();
        }
    }
}
