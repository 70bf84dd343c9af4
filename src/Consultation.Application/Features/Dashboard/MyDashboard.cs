using Consultation.Application.Features.Bodies;
using Consultation.Application.Features.Consultations;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consultations;
using Consultation.Domain.Submissions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Dashboard;

/// <summary>
/// The page a signed-in person lands on: what they can act on now, shaped by their roles and mandates.
/// A member sees open consultations (their submissions come from <see cref="Submissions.MySubmissions"/>); a representative, the bodies they speak for;
/// a chair, the review stages they chair; an administrator, the state of bodies, people and mandates.
/// </summary>
public static class MyDashboard
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Query : IQuery<Result>;

    public sealed record Result(string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<MembershipView> Memberships,
        IReadOnlyList<MandateView> Mandates, IReadOnlyList<OpenConsultation> OpenConsultations,
        IReadOnlyList<ChairedStage>? ChairedStages, AdministrationSummary? Administration);

    public sealed record MembershipView(string BodyName, string BodySlug, string Role, DateTimeOffset Since);
    public sealed record MandateView(string BodyName, string BodySlug, DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, string? ConsultationTitle);
    public sealed record OpenConsultation(string Slug, string Title, DateTimeOffset ClosesAt);
    public sealed record ChairedStage(string ConsultationSlug, string ConsultationTitle, string StageName, int Order, int Items, int WithoutDisposition);
    public sealed record AdministrationSummary(int Bodies, int People, IReadOnlyDictionary<string, int> PeoplePerRole, int ActiveMandates, int LedgerEntries);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var personId = user.RequirePersonId();
            var person = await db.Users.AsNoTracking().SingleAsync(u => u.Id == personId, cancellationToken);
            var roles = Roles.All.Where(user.IsInRole).ToList();

            var memberships = (await db.Memberships.AsNoTracking().Include(m => m.Body)
                    .Where(m => m.PersonId == personId).ToListAsync(cancellationToken))
                .Where(m => m.IsCurrentAt(now))
                .Select(m => new MembershipView(m.Body!.ShortName, m.Body.Slug, m.Role.ToString(), m.Since)).ToList();

            var mandates = (await db.Mandates.AsNoTracking().Include(m => m.Body)
                    .Where(m => m.PersonId == personId).ToListAsync(cancellationToken))
                .Where(m => m.IsActiveAt(now)).ToList();
            var mandateConsultations = await db.Consultations.Where(c => mandates.Select(m => m.ConsultationId).Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, c => c.Title, cancellationToken);

            var open = await db.Consultations.AsNoTracking()
                .Where(ConsultationStatusFilter.Is(ConsultationStatus.OpenForComment, now))
                .OrderBy(c => c.ClosesAt).Select(c => new OpenConsultation(c.Slug, c.Title, c.ClosesAt))
                .ToListAsync(cancellationToken);

            return new Result(person.DisplayName, roles, memberships,
                mandates.Select(m => new MandateView(m.Body!.ShortName, m.Body.Slug, m.ValidFrom, m.ValidUntil,
                    m.ConsultationId is { } id ? mandateConsultations.GetValueOrDefault(id) : null)).ToList(),
                open,
                user.IsInRole(Roles.Chair) || user.IsInRole(Roles.Administrator) ? await ChairedStagesAsync(db, personId, cancellationToken) : null,
                user.IsInRole(Roles.Administrator) ? await AdministrationAsync(db, now, cancellationToken) : null);
        }

        private static async Task<IReadOnlyList<ChairedStage>> ChairedStagesAsync(ConsultationDbContext db, string personId, CancellationToken ct) =>
            await (from stage in db.ReviewStages
                   where stage.Chairs.Any(c => c.PersonId == personId)
                   join cycle in db.ReviewCycles on stage.ReviewCycleId equals cycle.Id
                   join consultation in db.Consultations on cycle.ConsultationId equals consultation.Id
                   orderby consultation.OpensAt descending, stage.Order
                   select new ChairedStage(consultation.Slug, consultation.Title, stage.Name, stage.Order,
                       db.ReviewItems.Count(i => i.CurrentStageId == stage.Id),
                       db.ReviewItems.Count(i => i.CurrentStageId == stage.Id && i.Disposition == null)))
                .ToListAsync(ct);

        private static async Task<AdministrationSummary> AdministrationAsync(ConsultationDbContext db, DateTimeOffset now, CancellationToken ct)
        {
            var perRole = await (from userRole in db.UserRoles
                                 join role in db.Roles on userRole.RoleId equals role.Id
                                 group userRole by role.Name into g
                                 select new { Role = g.Key!, Count = g.Count() }).ToDictionaryAsync(x => x.Role, x => x.Count, ct);
            var activeMandates = await db.Mandates.CountAsync(Standings.ActiveAt(now), ct);
            return new AdministrationSummary(await db.Bodies.CountAsync(ct), await db.Users.CountAsync(ct), perRole,
                activeMandates, await db.Ledger.CountAsync(ct));
        }
    }
}
