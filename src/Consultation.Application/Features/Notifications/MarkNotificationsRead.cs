using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Notifications;

/// <summary>Marks one of the person's notifications read, or all of them (no id). Someone else's are never touched.</summary>
public static class MarkNotificationsRead
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Command(Guid? NotificationId) : ICommand<int>;

    /// <returns>How many notifications became read.</returns>
    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command command, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var unread = await db.Notifications
                .Where(n => n.PersonId == personId && n.ReadAt == null && (command.NotificationId == null || n.Id == command.NotificationId))
                .ToListAsync(cancellationToken);
            if (command.NotificationId is not null && unread.Count == 0
                && !await db.Notifications.AnyAsync(n => n.PersonId == personId && n.Id == command.NotificationId, cancellationToken))
                throw new NotFoundException("You have no such notification.");
            var now = clock.GetUtcNow();
            foreach (var notification in unread) notification.MarkRead(now);
            await db.SaveChangesAsync(cancellationToken);
            return unread.Count;
        }
    }
}
