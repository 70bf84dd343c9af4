using Consultation.Application.Identity;
using Consultation.Application.Pipeline;
using Consultation.Domain.Reviews;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Reviews;

/// <summary>
/// A chair of the items' stage answers one or many items at once: one disposition and one written response. All or
/// nothing: if any item is refused (or changed by someone else), none is answered. The answers stay unpublished.
/// </summary>
public static class SetDisposition
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(IReadOnlyList<ItemSeen> Items, Disposition? Disposition, string Response, Guid? DuplicateOfItemId) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Items).NotEmpty().WithMessage("Choose the items to answer.");
            RuleFor(c => c.Disposition).NotNull().WithMessage("Choose a disposition.").IsInEnum().WithMessage("Choose a disposition.");
            RuleFor(c => c.Response).NotEmpty().WithMessage("Write the response; every disposition carries one.")
                .MaximumLength(ReviewItem.MaxResponseLength).WithMessage("The response must be at most 20,000 characters.");
            RuleFor(c => c.DuplicateOfItemId).NotNull().When(c => c.Disposition == Domain.Reviews.Disposition.Duplicate)
                .WithMessage("Choose the submission this one duplicates.");
        }
    }

    public sealed class Handler(ReviewWriter writer, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(async change =>
            {
                var (cycle, items) = await change.ItemsAsSeenAsync(command.Items, cancellationToken);
                var original = command.DuplicateOfItemId is { } id
                    ? await change.Db.ReviewItems.SingleOrDefaultAsync(i => i.Id == id, cancellationToken)
                    : null;
                var chair = user.RequirePersonId();
                var steps = items.Select(item => item.SetDisposition(cycle, chair, command.Disposition!.Value, command.Response, original, change.Now)).ToList();
                return (Unit.Value, steps);
            }, cancellationToken);
    }
}
