using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consultations;

/// <summary>
/// What the consultations list offers to narrow by: the years (UTC) from the first opening to the last, newest first,
/// and the bodies that took part in some consultation (convened it or put a position on it), by name.
/// </summary>
public static class ConsultationFilterChoices
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query : IQuery<Result>;

    public sealed record Result(IReadOnlyList<int> Years, IReadOnlyList<BodyChoice> Bodies);

    public sealed record BodyChoice(string Slug, string Name);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            // Only the first and the last opening are loaded (the instants are stored as sortable UTC text).
            var openings = db.Consultations.Select(c => c.OpensAt);
            var first = await openings.OrderBy(at => at).Select(at => (DateTimeOffset?)at).FirstOrDefaultAsync(cancellationToken);
            var last = await openings.OrderByDescending(at => at).Select(at => (DateTimeOffset?)at).FirstOrDefaultAsync(cancellationToken);
            var years = first is { } from && last is { } to
                ? Enumerable.Range(from.Year, to.Year - from.Year + 1).Reverse().ToList()
                : [];

            var bodies = await db.Bodies
                .Where(b => db.Consultations.Any(c => c.ConvenerBodyId == b.Id) || db.Submissions.Any(s => s.OnBehalfOfBodyId == b.Id))
                .Select(b => new BodyChoice(b.Slug, b.Acronym ?? b.Name))
                .ToListAsync(cancellationToken);
            return new Result(years, bodies.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToList());
        }
    }
}
