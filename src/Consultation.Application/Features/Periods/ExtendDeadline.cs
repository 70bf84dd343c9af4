using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Periods;

/// <summary>A chair extends the comment period to a later close, with the reason recorded and published.</summary>
public static class ExtendDeadline
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, DateTimeOffset? NewClose, string Reason) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.NewClose).NotNull().WithMessage("Give the new close (UTC).");
            RuleFor(c => c.Reason).NotEmpty().WithMessage("Give the reason for the extension; it is published.")
                .MaximumLength(2000).WithMessage("The reason must be at most 2,000 characters.");
        }
    }

    public sealed class Handler(PeriodWriter periods, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await periods.ChangeAsync(command.Slug, (_, consultation, now) =>
            {
                var change = consultation.Extend(command.NewClose!.Value.ToUniversalTime(), command.Reason, user.RequirePersonId(), now);
                return Task.FromResult((change.Id, LedgerContent.Of(change)));
            }, cancellationToken);
            return Unit.Value;
        }
    }
}
