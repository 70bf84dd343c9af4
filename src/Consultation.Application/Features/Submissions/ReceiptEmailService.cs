using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultation.Application.Features.Submissions;

/// <summary>
/// Runs <see cref="ReceiptEmails"/> beside the requests: a pass at start (what a crash left unsent), then one when a
/// submission has been committed since, at most every <see cref="Gap"/> and at least every minute. The gap gathers the
/// receipts of many submissions into one pass: each pass costs a query and a commit (and its sync) of its own, which,
/// made for every submission, had taken a fifth off one submitter's rate (docs/BENCHMARKS.md). After a pass stopped by
/// a failed send it tries again after <see cref="AfterFailure"/>, so that a mail server that is down is not asked for
/// every receipt.
/// </summary>
public sealed class ReceiptEmailService(ReceiptEmails receipts, TimeProvider clock, IOptions<ConsultationOptions> options,
    ILogger<ReceiptEmailService> logger) : BackgroundService
{
    public static readonly TimeSpan AtLeastEvery = TimeSpan.FromMinutes(1);
    public static readonly TimeSpan Gap = TimeSpan.FromMilliseconds(250);
    public static readonly TimeSpan AfterFailure = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.SendReceiptEmails)
        {
            logger.LogInformation("Receipt emails are sent by another process (Consultation:SendReceiptEmails is false)");
            return;
        }
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var stopped = false;
                try
                {
                    stopped = (await receipts.SendPendingAsync(stoppingToken)).Stopped;
                }
                catch (Exception failure) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(failure, "Receipt emails could not be sent; the next pass tries again");
                    stopped = true;
                }
                if (stopped)
                {
                    await Task.Delay(AfterFailure, clock, stoppingToken);
                    continue;
                }
                await Task.Delay(Gap, clock, stoppingToken);
                await receipts.WaitForWorkAsync(AtLeastEvery, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping; the next start sends what is left.
        }
    }
}
