using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Consensus;

/// <summary>A member answers the current designation: agrees, or disagrees and says why. Once per designation.</summary>
public static class RespondToDesignation
{
    [AllowedFor(Roles.Member)]
    public sealed record Command(string Slug, Guid DesignationId, bool? Agrees, string? Comment) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Agrees).NotNull().WithMessage("Say whether you agree with the designation.");
            RuleFor(c => c.Comment).NotEmpty().When(c => c.Agrees == false).WithMessage("Say why you disagree.")
                .MaximumLength(5000).WithMessage("A comment must be at most 5,000 characters.");
        }
    }

    public sealed class Handler(ConsensusWriter writer, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(command.Slug, user, ConsensusActor.Member, change =>
            {
                change.RequireCurrentDesignation(command.DesignationId);
                var response = change.RequireCall().Respond(command.DesignationId, change.PersonId, command.Agrees!.Value, command.Comment, change.Now);
                change.Record(LedgerEntryKind.DesignationResponse, response.Id, LedgerContent.Of(response));
                return Task.FromResult(Unit.Value);
            }, cancellationToken);
    }
}
