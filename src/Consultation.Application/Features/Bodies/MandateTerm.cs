using Consultation.Application.Persistence;
using Consultation.Domain.Bodies;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

public sealed record ConsultationLink(string Slug, string Title);

/// <summary>What a mandate covers (a term, or one consultation) and where it stands: the same for its holder and for administrators.</summary>
public sealed record MandateTerm(DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, ConsultationLink? Consultation,
    DateTimeOffset? EndedAt, Standing Standing)
{
    /// <summary>Loads the consultations these mandates are for in one query, then describes each mandate.</summary>
    internal static async Task<Func<Mandate, MandateTerm>> DescriberAsync(ConsultationDbContext db, IEnumerable<Mandate> mandates,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var ids = mandates.Select(m => m.ConsultationId).OfType<Guid>().Distinct().ToList();
        var consultations = await db.Consultations.Where(c => ids.Contains(c.Id))
            .ToDictionaryAsync(c => c.Id, c => new ConsultationLink(c.Slug, c.Title), cancellationToken);
        return m => new MandateTerm(m.ValidFrom, m.ValidUntil,
            m.ConsultationId is { } id ? consultations.GetValueOrDefault(id) : null, m.EndedAt, m.StandingAt(now));
    }
}
