using Consultation.Application.Notifications;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Notifications;

/// <summary>A person's own notifications, newest first, and how many are unread.</summary>
public static class MyNotifications
{
    /// <summary>The most shown at once: older ones stay stored, and are mostly read.</summary>
    public const int Shown = 100;

    [AllowedFor(Audience.SignedIn)]
    public sealed record Query : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Item> Notifications, int Unread, int Total);

    public sealed record Item(Guid Id, NotificationKind Kind, string Title, string Link, DateTimeOffset CreatedAt, bool IsRead);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ICurrentUser user) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var mine = db.Notifications.AsNoTracking().Where(n => n.PersonId == personId);
            var items = await mine.OrderByDescending(n => n.CreatedAt).Take(Shown)
                .Select(n => new Item(n.Id, n.Kind, n.Title, n.Link, n.CreatedAt, n.ReadAt != null)).ToListAsync(cancellationToken);
            return new Result(items, await mine.CountAsync(n => n.ReadAt == null, cancellationToken), await mine.CountAsync(cancellationToken));
        }
    }
}
