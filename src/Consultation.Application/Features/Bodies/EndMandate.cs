using Consultation.Application.Security;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

/// <summary>An administrator ends a mandate now; what was submitted under it stays attributed to the body.</summary>
public static class EndMandate
{
    [AllowedFor(Roles.Administrator)]
    public sealed record Command(Guid MandateId) : ICommand;

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user, ISecurityLog log) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var mandate = await db.Mandates.SingleOrDefaultAsync(m => m.Id == command.MandateId, cancellationToken)
                          ?? throw new NotFoundException("That mandate does not exist.");
            mandate.End(user.RequirePersonId(), clock.GetUtcNow());
            await db.EndSessionsOfAsync(mandate.PersonId, cancellationToken);
            db.SecurityEvents.Add(log.Of(SecurityEventKind.MandateEnded, user.PersonId, $"Mandate {mandate.Id} of person {mandate.PersonId} ended"));
            await db.SaveChangesAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
