using Consultation.Application.Identity;
using Consultation.Application.Pipeline;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Reviews;

/// <summary>
/// A chair passes chosen items of a stage up to the next stage, together. The stage may pass items up only while
/// every item in it has a disposition; all or nothing.
/// </summary>
public static class PassUp
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, int StageOrder, IReadOnlyList<ItemSeen> Items) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Items).NotEmpty().WithMessage("Choose the items to pass up.");
    }

    public sealed class Handler(ReviewWriter writer, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(async change =>
            {
                var (cycle, items) = await change.ItemsAsSeenAsync(command.Items, cancellationToken);
                var stage = cycle.StageAt(command.StageOrder) ?? throw new NotFoundException("The review has no such stage.");
                if ((await change.CycleOfAsync(command.Slug, cancellationToken)).Id != cycle.Id)
                    throw new NotFoundException("Those items are not in this consultation's review.");
                var steps = cycle.PassUp(stage, await change.ItemsInAsync(stage, cancellationToken), items, user.RequirePersonId(), change.Now);
                // Two pass-ups from one stage, or a pass-up and new items entering, must not both succeed from the same reading.
                change.Db.Touch(stage);
                return (Unit.Value, steps);
            }, cancellationToken);
    }
}
