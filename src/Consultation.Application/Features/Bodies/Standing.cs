using System.Linq.Expressions;
using Consultation.Domain.Bodies;

namespace Consultation.Application.Features.Bodies;

/// <summary>Where a membership or a mandate stands at a moment. Pages list ended ones too, marked.</summary>
public enum Standing
{
    Current,
    /// <summary>Its start is still ahead.</summary>
    Upcoming,
    /// <summary>Its term ran out (mandates only).</summary>
    Expired,
    /// <summary>An administrator ended it.</summary>
    Ended,
}

/// <summary>
/// The domain's <see cref="Membership.IsCurrentAt"/> and <see cref="Mandate.IsActiveAt"/>, and the same rules written
/// as queries so that the database counts without loading every row. A test keeps the two in step.
/// </summary>
internal static class Standings
{
    public static Standing StandingAt(this Membership membership, DateTimeOffset now) =>
        membership.IsCurrentAt(now) ? Standing.Current
        : membership.EndedAt <= now ? Standing.Ended
        : Standing.Upcoming;

    public static Standing StandingAt(this Mandate mandate, DateTimeOffset now) =>
        mandate.IsActiveAt(now) ? Standing.Current
        : mandate.EndedAt <= now ? Standing.Ended
        : mandate.ValidFrom > now ? Standing.Upcoming
        : Standing.Expired;

    public static Expression<Func<Membership, bool>> CurrentAt(DateTimeOffset now) =>
        m => m.Since <= now && (m.EndedAt == null || now < m.EndedAt);

    public static Expression<Func<Mandate, bool>> ActiveAt(DateTimeOffset now) =>
        m => m.ValidFrom <= now && (m.ValidUntil == null || now < m.ValidUntil) && (m.EndedAt == null || now < m.EndedAt);
}
