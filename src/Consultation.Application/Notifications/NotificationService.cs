using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultation.Application.Notifications;

/// <summary>
/// Runs <see cref="NotificationDelivery"/> at start and then every <see cref="ConsultationOptions.NotificationInterval"/>,
/// on the portal's clock (<see cref="TimeProvider"/>), so that a test's fake clock drives it. An interval of zero turns
/// it off (the web tests do, so that no background pass writes mail while they count it).
/// </summary>
public sealed class NotificationService(NotificationDelivery delivery, TimeProvider clock, IOptions<ConsultationOptions> options,
    ILogger<NotificationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.NotificationInterval;
        if (interval <= TimeSpan.Zero)
        {
            logger.LogInformation("Notification delivery is off (Consultation:NotificationInterval is {Interval})", interval);
            return;
        }
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            do await delivery.RunOnceAsync(stoppingToken);
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }
}
