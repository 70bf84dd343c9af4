using Consultation.Application.Features.Reviews;
using Consultation.Application.Notifications;

namespace Consultation.Web.Hosting;

public static class BackgroundRegistration
{
    /// <summary>
    /// Work that runs beside requests: submissions entering review once their periods close (every minute), and
    /// notifications written when the clock makes them due and emailed, every <c>Consultation:NotificationInterval</c>
    /// (zero turns it off).
    /// </summary>
    public static IServiceCollection AddBackgroundWork(this IServiceCollection services)
    {
        services.AddHostedService(sp => sp.GetRequiredService<ItemEntryService>());
        services.AddHostedService<NotificationService>();
        return services;
    }
}
