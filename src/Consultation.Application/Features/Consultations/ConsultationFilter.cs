using Consultation.Application.Persistence;
using Consultation.Domain.Consultations;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consultations;

/// <summary>
/// The archive's filters of consultations, shared by the list page and the API so that both mean the same: the status at
/// <paramref name="now"/>, the UTC year the comment period opened, and a body that convened it or submitted to it. All in SQL.
/// </summary>
internal static class ConsultationFilter
{
    public static async Task<IQueryable<PublicConsultation>> NarrowAsync(ConsultationDbContext db, IQueryable<PublicConsultation> consultations,
        ConsultationStatus? status, int? year, string? bodySlug, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (status is { } wanted) consultations = consultations.Where(ConsultationStatusFilter.Is(wanted, now));
        if (year is { } opened)
        {
            var from = new DateTimeOffset(opened, 1, 1, 0, 0, 0, TimeSpan.Zero);
            var until = from.AddYears(1);
            consultations = consultations.Where(c => c.OpensAt >= from && c.OpensAt < until);
        }
        if (bodySlug is not null)
        {
            // An unknown body matches nothing (the page's validator names it first; the API answers an empty list).
            var bodyId = await db.Bodies.Where(b => b.Slug == bodySlug).Select(b => (Guid?)b.Id).SingleOrDefaultAsync(cancellationToken);
            consultations = consultations.Where(c => bodyId != null
                && (c.ConvenerBodyId == bodyId || db.Submissions.Any(s => s.ConsultationId == c.Id && s.OnBehalfOfBodyId == bodyId)));
        }
        return consultations;
    }
}
