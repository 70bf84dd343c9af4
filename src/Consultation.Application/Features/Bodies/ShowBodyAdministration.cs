using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

/// <summary>
/// One body as administrators manage it: every membership and mandate, ended ones included, with each person's
/// name and email address (administrators only, so the addresses may show).
/// </summary>
public static class ShowBodyAdministration
{
    [AllowedFor(Roles.Administrator)]
    public sealed record Query(string Slug) : IQuery<Result>;

    public sealed record Result(string Slug, string Name, string? Acronym, BodyKind Kind, string? ParentSlug, string? ParentName,
        IReadOnlyList<MembershipRow> Memberships, IReadOnlyList<MandateRow> Mandates)
    {
        public string ShortName => Acronym ?? Name;
    }

    public sealed record PersonView(string DisplayName, string Email);
    public sealed record MembershipRow(Guid Id, PersonView Person, MembershipRole Role, DateTimeOffset Since, DateTimeOffset? EndedAt, Standing Standing);
    public sealed record MandateRow(Guid Id, PersonView Person, MandateTerm Term, PersonView GrantedBy, DateTimeOffset GrantedAt, PersonView? EndedBy);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Slug).Must(Slug.IsValid).WithMessage("That is not a body's address.");
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        /// <summary>Who granted or ended a mandate is kept by id; the account may since have gone.</summary>
        private static readonly PersonView FormerAccount = new("A former account", "");

        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var body = await db.Bodies.AsNoTracking().Include(b => b.Parent).SingleOrDefaultAsync(b => b.Slug == query.Slug, cancellationToken)
                       ?? throw new NotFoundException($"There is no body at /admin/bodies/{query.Slug}.");
            var memberships = await db.Memberships.AsNoTracking().Where(m => m.BodyId == body.Id).ToListAsync(cancellationToken);
            var mandates = await db.Mandates.AsNoTracking().Where(m => m.BodyId == body.Id).ToListAsync(cancellationToken);

            var ids = memberships.Select(m => m.PersonId)
                .Concat(mandates.SelectMany(m => new[] { m.PersonId, m.GrantedBy, m.EndedBy }).OfType<string>()).Distinct().ToList();
            var people = await db.Users.Where(u => ids.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => new PersonView(u.DisplayName, u.Email ?? ""), cancellationToken);
            PersonView Who(string id) => people.GetValueOrDefault(id) ?? FormerAccount;
            var term = await MandateTerm.DescriberAsync(db, mandates, now, cancellationToken);

            return new Result(body.Slug, body.Name, body.Acronym, body.Kind, body.Parent?.Slug, body.Parent?.ShortName,
                memberships.Select(m => new MembershipRow(m.Id, Who(m.PersonId), m.Role, m.Since, m.EndedAt, m.StandingAt(now)))
                    .OrderBy(m => m.Standing).ThenBy(m => m.Person.DisplayName, StringComparer.CurrentCultureIgnoreCase).ToList(),
                mandates.Select(m => new MandateRow(m.Id, Who(m.PersonId), term(m), Who(m.GrantedBy), m.GrantedAt,
                        m.EndedBy is null ? null : Who(m.EndedBy)))
                    .OrderBy(m => m.Term.Standing).ThenByDescending(m => m.Term.ValidFrom).ToList());
        }
    }
}
