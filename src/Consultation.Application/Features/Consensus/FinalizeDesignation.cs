using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Notifications;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using Mediator;

namespace Consultation.Application.Features.Consensus;

/// <summary>
/// The group has accepted the current designation: the chair makes it final (a new, final designation row).
/// <see cref="Command.DesignationId"/> is the designation the chair's page showed.
/// </summary>
public static class FinalizeDesignation
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, Guid DesignationId) : ICommand;

    public sealed class Handler(ConsensusWriter writer, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(command.Slug, user, ConsensusActor.Chair, change =>
            {
                change.RequireCurrentDesignation(command.DesignationId);
                var final = change.RequireCall().Finalize(change.PersonId, change.Now);
                change.Record(LedgerEntryKind.Designation, final.Id, LedgerContent.Of(final));
                change.Notify(NotificationKind.ConsensusCallUpdated, final.Id);
                return Task.FromResult(Unit.Value);
            }, cancellationToken);
    }
}
