using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Notifications;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Consensus;

/// <summary>
/// The chair publishes a designation of the level of consensus with its rationale: the first is the estimate, later
/// ones are updates after the group's discussion. Members hear of each one, so that they can respond.
/// </summary>
public static class PublishDesignation
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, ConsensusLevel? Level, string Rationale) : ICommand<DesignationStatus>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Level).NotNull().WithMessage("Choose the level of consensus.").IsInEnum().WithMessage("Choose the level of consensus.");
            RuleFor(c => c.Rationale).NotEmpty().WithMessage("Give the rationale; it is published with the designation.")
                .MaximumLength(ConsensusCall.MaxTextLength).WithMessage("The rationale must be at most 20,000 characters.");
        }
    }

    public sealed class Handler(ConsensusWriter writer, ICurrentUser user) : ICommandHandler<Command, DesignationStatus>
    {
        public async ValueTask<DesignationStatus> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(command.Slug, user, ConsensusActor.Chair, change =>
            {
                var designation = change.RequireCall().Designate(command.Level!.Value, command.Rationale, change.PersonId, change.Now);
                change.Record(LedgerEntryKind.Designation, designation.Id, LedgerContent.Of(designation));
                change.Notify(NotificationKind.ConsensusCallUpdated, designation.Id);
                return Task.FromResult(designation.Status);
            }, cancellationToken);
    }
}
