using Consultation.Application.Security;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

/// <summary>An administrator makes a person a member of a body, from now on, in a role.</summary>
public static class GrantMembership
{
    [AllowedFor(Roles.Administrator)]
    public sealed record Command(string BodySlug, string PersonEmail, MembershipRole Role) : ICommand<Result>;

    public sealed record Result(Guid MembershipId);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock)
        {
            RuleFor(c => c.BodySlug).MustBeABody(factory);
            RuleFor(c => c.PersonEmail).MustBeAnAccount(factory);
            RuleFor(c => c.Role).IsInEnum().WithMessage("Choose a role.");
            // Two current memberships of one person in one body would count them twice; a new role follows an ended one.
            RuleFor(c => c.PersonEmail)
                .MustAsync(async (command, email, ct) => !await BodyRules.AnyAsync(factory, db => db.Memberships
                    .Where(Standings.CurrentAt(clock.GetUtcNow())).Where(m => m.Body!.Slug == command.BodySlug)
                    .Join(db.Users.WithEmail(email), m => m.PersonId, p => p.Id, (m, _) => m), ct))
                .WithMessage("That person is already a current member of this body; end that membership first.");
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user, ISecurityLog log) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var (bodyId, personId) = await db.BodyAndPersonAsync(command.BodySlug, command.PersonEmail, cancellationToken);
            var membership = new Membership(personId, bodyId, command.Role, clock.GetUtcNow());
            await db.EndSessionsOfAsync(personId, cancellationToken);
            db.Memberships.Add(membership);
            db.SecurityEvents.Add(log.Of(SecurityEventKind.MembershipGranted, user.PersonId,
                $"Membership {membership.Id} of {command.PersonEmail} in {command.BodySlug} as {command.Role}"));
            await db.SaveChangesAsync(cancellationToken);
            return new Result(membership.Id);
        }
    }
}
