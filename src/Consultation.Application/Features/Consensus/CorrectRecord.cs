using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consensus;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Consensus;

/// <summary>The chair corrects the published record: a new version with a published reason; the earlier stays as it was.</summary>
public static class CorrectRecord
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, string Decision, string Reason) : ICommand<int>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Decision).NotEmpty().WithMessage("Write what was decided, as corrected.")
                .MaximumLength(ConsensusRecord.MaxDecisionLength).WithMessage("The decision must be at most 50,000 characters.");
            RuleFor(c => c.Reason).NotEmpty().WithMessage("Give the reason for the correction; it is published.")
                .MaximumLength(5000).WithMessage("The reason must be at most 5,000 characters.");
        }
    }

    public sealed class Handler(ConsensusWriter writer, LedgerWriter ledger, ICurrentUser user) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(command.Slug, user, ConsensusActor.Chair, async change =>
            {
                var latest = await RecordVersions.LatestAsync(change, cancellationToken)
                             ?? throw new NotFoundException("There is no published record to correct yet.");
                var correction = latest.Correct(change.RequireCall(), command.Decision, command.Reason, change.PersonId,
                    await ledger.HeadHashAsync(change.Db, cancellationToken), change.Now);
                RecordVersions.Add(change, correction);
                return correction.Version;
            }, cancellationToken);
    }
}
