using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Notifications;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using Mediator;

namespace Consultation.Application.Features.Consensus;

/// <summary>A chair of the consensus stage opens the consultation's consensus call (GNSO WG Guidelines 3.6).</summary>
public static class OpenConsensusCall
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug) : ICommand;

    public sealed class Handler(ConsensusWriter writer, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(command.Slug, user, ConsensusActor.Chair, change =>
            {
                var call = ConsensusCall.Open(change.Consultation.Id, change.PersonId, change.Review.Progress, change.Call, change.Now);
                change.Consultation.RequirePeriodsOverForConsensusCall(change.Now);
                change.Db.ConsensusCalls.Add(call);
                change.Record(LedgerEntryKind.ConsensusCallOpened, call.Id, LedgerContent.Of(call));
                change.Notify(NotificationKind.ConsensusCallOpened, call.Id);
                return Task.FromResult(Unit.Value);
            }, cancellationToken);
    }
}
