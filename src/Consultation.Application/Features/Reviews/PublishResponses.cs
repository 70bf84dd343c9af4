using Consultation.Application.Identity;
using Consultation.Application.Notifications;
using Consultation.Application.Pipeline;
using Consultation.Domain.Reviews;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Reviews;

/// <summary>
/// A chair publishes answers kept unpublished so far: the chosen items, or every answered, unpublished item of the
/// stage. All or nothing. Each author hears of it (the notification outbox, in the same transaction).
/// </summary>
public static class PublishResponses
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, int StageOrder, IReadOnlyList<ItemSeen> Items, bool AllAnsweredInStage = false) : ICommand<Result>;

    public sealed record Result(int Published);

    public sealed class Handler(ReviewWriter writer, ICurrentUser user, INotificationOutbox outbox) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(async change =>
            {
                var cycle = await change.CycleOfAsync(command.Slug, cancellationToken);
                var stage = cycle.StageAt(command.StageOrder) ?? throw new NotFoundException("The review has no such stage.");
                var seen = command.AllAnsweredInStage
                    ? await change.Db.ReviewItems.AsNoTracking()
                        .Where(i => i.CurrentStageId == stage.Id && i.Disposition != null && i.ResponsePublishedAt == null)
                        .Select(i => new ItemSeen(i.Id, i.ConcurrencyToken)).ToListAsync(cancellationToken)
                    : command.Items;
                if (seen.Count == 0) return (new Result(0), []);
                var (itemsCycle, items) = await change.ItemsAsSeenAsync(seen, cancellationToken);
                if (itemsCycle.Id != cycle.Id) throw new NotFoundException("Those items are not in this consultation's review.");
                var chair = user.RequirePersonId();
                var steps = new List<ReviewStep>();
                foreach (var item in items)
                {
                    var step = item.PublishResponse(itemsCycle, chair, change.Now);
                    steps.Add(step);
                    // The publication's step is the occasion: a later answer, published again, is news again.
                    await outbox.AddAsync(change.Db, new NotificationEvent(NotificationKind.DispositionPublished, cycle.ConsultationId, item.SubmissionId,
                        step.Id.ToString("N")), cancellationToken);
                }
                return (new Result(items.Count), steps);
            }, cancellationToken);
    }
}
