using System.Linq.Expressions;
using Consultation.Domain.Consultations;

namespace Consultation.Application.Features.Consultations;

/// <summary>
/// The status rule of <see cref="PublicConsultation.StatusAt"/> written as queries, so that the database
/// filters by status instead of loading every consultation. A test keeps the two in step.
/// </summary>
internal static class ConsultationStatusFilter
{
    public static Expression<Func<PublicConsultation, bool>> Is(ConsultationStatus status, DateTimeOffset now) => status switch
    {
        ConsultationStatus.Decided => c => c.DecidedAt != null && c.DecidedAt <= now,
        ConsultationStatus.Upcoming => c => (c.DecidedAt == null || c.DecidedAt > now) && now < c.OpensAt,
        ConsultationStatus.OpenForComment => c => (c.DecidedAt == null || c.DecidedAt > now) && c.OpensAt <= now && now < c.ClosesAt,
        ConsultationStatus.ReplyPeriod => c => (c.DecidedAt == null || c.DecidedAt > now) && c.ClosesAt <= now
            && c.ReplyOpensAt != null && c.ReplyOpensAt <= now && now < c.ReplyClosesAt,
        ConsultationStatus.InReview => c => (c.DecidedAt == null || c.DecidedAt > now) && c.ClosesAt <= now
            && !(c.ReplyOpensAt != null && c.ReplyOpensAt <= now && now < c.ReplyClosesAt),
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };
}
