using Consultation.Application.Features.Bodies;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Reviews;

/// <summary>A chair of the item's stage gives it to someone to draft the answer.</summary>
public static class AssignItem
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(ItemSeen Item, string AssigneeEmail) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<ConsultationDbContext> factory) => RuleFor(c => c.AssigneeEmail).MustBeAnAccount(factory);
    }

    public sealed class Handler(ReviewWriter writer, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(async change =>
            {
                var (cycle, items) = await change.ItemsAsSeenAsync([command.Item], cancellationToken);
                var assignee = await change.Db.Users.WithEmail(command.AssigneeEmail).Select(p => p.Id).SingleAsync(cancellationToken);
                return (Unit.Value, new[] { items[0].Assign(cycle, user.RequirePersonId(), assignee, change.Now) });
            }, cancellationToken);
    }
}
