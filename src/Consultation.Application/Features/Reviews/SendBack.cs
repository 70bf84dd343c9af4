using Consultation.Application.Identity;
using Consultation.Application.Pipeline;
using Consultation.Domain.Reviews;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Reviews;

/// <summary>A chair sends one item back down to the stage below, with the reason (recorded in its history and the ledger).</summary>
public static class SendBack
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(ItemSeen Item, string Reason) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).NotEmpty().WithMessage("Give the reason for sending it back.")
            .MaximumLength(ReviewItem.MaxReasonLength).WithMessage("The reason must be at most 2,000 characters.");
    }

    public sealed class Handler(ReviewWriter writer, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(async change =>
            {
                var (cycle, items) = await change.ItemsAsSeenAsync([command.Item], cancellationToken);
                return (Unit.Value, new[] { items[0].SendBack(cycle, user.RequirePersonId(), command.Reason, change.Now) });
            }, cancellationToken);
    }
}
