using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

/// <summary>The bodies the signed-in person belongs to and speaks for, past ones included (the dashboard shows current ones).</summary>
public static class MyMemberships
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Query : IQuery<Result>;

    public sealed record Result(IReadOnlyList<MembershipItem> Memberships, IReadOnlyList<MandateItem> Mandates);
    public sealed record MembershipItem(string BodyName, string BodySlug, MembershipRole Role, DateTimeOffset Since, DateTimeOffset? EndedAt, Standing Standing);
    public sealed record MandateItem(string BodyName, string BodySlug, MandateTerm Term);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var personId = user.RequirePersonId();
            var memberships = await db.Memberships.AsNoTracking().Include(m => m.Body)
                .Where(m => m.PersonId == personId).ToListAsync(cancellationToken);
            var mandates = await db.Mandates.AsNoTracking().Include(m => m.Body)
                .Where(m => m.PersonId == personId).ToListAsync(cancellationToken);
            var term = await MandateTerm.DescriberAsync(db, mandates, now, cancellationToken);

            return new Result(
                memberships.Select(m => new MembershipItem(m.Body!.ShortName, m.Body.Slug, m.Role, m.Since, m.EndedAt, m.StandingAt(now)))
                    .OrderBy(m => m.Standing).ThenByDescending(m => m.Since).ToList(),
                mandates.Select(m => new MandateItem(m.Body!.ShortName, m.Body.Slug, term(m)))
                    .OrderBy(m => m.Term.Standing).ThenByDescending(m => m.Term.ValidFrom).ToList());
        }
    }
}
