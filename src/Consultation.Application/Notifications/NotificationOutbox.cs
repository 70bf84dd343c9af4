using Consultation.Application.Persistence;

namespace Consultation.Application.Notifications;

// Scaffold while the notifications feature is built: records nothing yet.
internal sealed class NotificationOutbox : INotificationOutbox
{
    public Task AddAsync(ConsultationDbContext db, NotificationEvent notification, CancellationToken cancellationToken) => Task.CompletedTask;
}
