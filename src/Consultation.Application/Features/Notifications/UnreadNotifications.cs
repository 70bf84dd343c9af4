using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Notifications;

/// <summary>How many of the person's notifications are unread: shown beside "My dashboard" on every page, so one indexed count.</summary>
public static class UnreadNotifications
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Query : IQuery<int>;

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ICurrentUser user) : IQueryHandler<Query, int>
    {
        public async ValueTask<int> Handle(Query query, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            return await db.Notifications.CountAsync(n => n.PersonId == personId && n.ReadAt == null, cancellationToken);
        }
    }
}
