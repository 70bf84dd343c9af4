using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Consensus;

/// <summary>
/// The chair answers a challenge: upheld (an updated designation must follow) or dismissed, with a published answer.
/// The challenge's second ledger entry records the answered row, so the latest entry matches what is stored.
/// </summary>
public static class AnswerChallenge
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, Guid ChallengeId, bool? Upheld, string Answer) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Upheld).NotNull().WithMessage("Uphold or dismiss the challenge.");
            RuleFor(c => c.Answer).NotEmpty().WithMessage("Give the answer; it is published.")
                .MaximumLength(ConsensusCall.MaxTextLength).WithMessage("The answer must be at most 20,000 characters.");
        }
    }

    public sealed class Handler(ConsensusWriter writer, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(command.Slug, user, ConsensusActor.Chair, change =>
            {
                var challenge = change.RequireCall().AnswerChallenge(command.ChallengeId, command.Upheld!.Value, command.Answer, change.PersonId, change.Now);
                change.Record(LedgerEntryKind.Challenge, challenge.Id, LedgerContent.Of(challenge));
                return Task.FromResult(Unit.Value);
            }, cancellationToken);
    }
}
