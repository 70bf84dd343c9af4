using Consultation.Application.Security;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

/// <summary>An administrator ends a membership now; it stays on record, marked ended.</summary>
public static class EndMembership
{
    [AllowedFor(Roles.Administrator)]
    public sealed record Command(Guid MembershipId) : ICommand;

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user, ISecurityLog log) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var membership = await db.Memberships.SingleOrDefaultAsync(m => m.Id == command.MembershipId, cancellationToken)
                             ?? throw new NotFoundException("That membership does not exist.");
            membership.End(clock.GetUtcNow());
            await db.EndSessionsOfAsync(membership.PersonId, cancellationToken);
            db.SecurityEvents.Add(log.Of(SecurityEventKind.MembershipEnded, user.PersonId, $"Membership {membership.Id} of person {membership.PersonId} ended"));
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
