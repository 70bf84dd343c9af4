using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>Throws away the person's draft for a consultation (or for a revision), when they choose to start again.</summary>
public static class DiscardDraft
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Command(Guid ConsultationId, Guid? RevisingSubmissionId) : ICommand;

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await db.Drafts.Where(d => d.PersonId == personId && d.ConsultationId == command.ConsultationId
                                       && d.RevisingSubmissionId == command.RevisingSubmissionId)
                .ExecuteDeleteAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
