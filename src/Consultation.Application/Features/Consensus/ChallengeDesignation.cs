using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Consensus;

/// <summary>
/// A member challenges the current designation (the one the page showed, <see cref="Command.DesignationId"/>) with a
/// reason; the chair must answer before it becomes final.
/// </summary>
public static class ChallengeDesignation
{
    [AllowedFor(Roles.Member)]
    public sealed record Command(string Slug, Guid DesignationId, string Reason) : ICommand<Guid>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("Give the reason for the challenge; it is published.")
            .MaximumLength(ConsensusCall.MaxTextLength).WithMessage("The reason must be at most 20,000 characters.");
    }

    public sealed class Handler(ConsensusWriter writer, ICurrentUser user) : ICommandHandler<Command, Guid>
    {
        public async ValueTask<Guid> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(command.Slug, user, ConsensusActor.Member, change =>
            {
                change.RequireCurrentDesignation(command.DesignationId);
                var challenge = change.RequireCall().Challenge(change.PersonId, command.Reason, change.Now);
                change.Record(LedgerEntryKind.Challenge, challenge.Id, LedgerContent.Of(challenge));
                return Task.FromResult(challenge.Id);
            }, cancellationToken);
    }
}
