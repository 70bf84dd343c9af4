using Consultation.Application.Features.Reviews;
using Consultation.Application.Notifications;

namespace Consultation.Web.Hosting;

public static class BackgroundRegistration
{
    /// <summary>
    /// Work that runs beside requests: submissions entering review once their periods close (every minute),
    /// notifications written when the clock makes them due and emailed, every <c>Consultation:NotificationInterval</c>
    /// (zero turns it off), and the receipts of submissions emailed once they are committed.
    /// </summary>
    public static IServiceCollection AddBackgroundWork(this IServiceCollection services)
    {
        services.AddHostedService(sp => sp.GetRequiredService<ItemEntryService>());
        services.AddHostedService<NotificationService>();
        services.AddHostedService<Application.Features.Submissions.ReceiptEmailService>();
        return services;
    }
}
