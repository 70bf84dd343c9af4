using Consultation.Application.Identity;
using Consultation.Application.Pipeline;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Reviews;

/// <summary>
/// A chair enters the consultation's submissions into review now, whatever the cycle's mode. Safe to repeat: each
/// submission that is not withdrawn has exactly one item; later ones (replies, late comments) enter on the next run.
/// </summary>
public static class EnterItems
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug) : ICommand<Result>;

    public sealed record Result(int Entered);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Slug).NotEmpty().WithMessage("Name the consultation.");
    }

    public sealed class Handler(ReviewWriter writer, ICurrentUser user) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(async change =>
            {
                var cycle = await change.CycleOfAsync(command.Slug, cancellationToken);
                ReviewChange.RequireChairOfReview(cycle, user, "enter its submissions");
                var steps = await ItemEntering.EnterMissingAsync(change, cycle, user.RequirePersonId(), cancellationToken);
                return (new Result(steps.Count), steps);
            }, cancellationToken);
    }
}
