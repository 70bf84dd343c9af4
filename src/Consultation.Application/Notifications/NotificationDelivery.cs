using Consultation.Application.Email;
using Consultation.Application.Persistence;
using Consultation.Domain.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultation.Application.Notifications;

/// <summary>
/// One pass of the background work, as <see cref="NotificationService"/> runs it on a timer (and tests call it): write
/// the notifications that are due by the clock, then email every notification not emailed yet. Both steps are
/// idempotent, so a pass may be repeated, interrupted or run again after a restart.
/// </summary>
public sealed class NotificationDelivery(IDbContextFactory<ConsultationDbContext> factory, INotificationOutbox outbox, IMailer mailer,
    TimeProvider clock, IOptions<ConsultationOptions> options, ILogger<NotificationDelivery> logger)
{
    /// <summary>How long before a period closes people are reminded.</summary>
    public static readonly TimeSpan ClosingSoonNotice = TimeSpan.FromHours(48);

    /// <summary>After this many failed sends in a row the pass stops: the mail server is likely down; the next pass retries.</summary>
    public const int ConsecutiveFailuresBeforePause = 5;

    private const int EmailBatchSize = 50;

    /// <summary>Runs both steps; a failure is logged and left to the next pass, never thrown (it would stop the host).</summary>
    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var (step, name) in new (Func<CancellationToken, Task<int>>, string)[] { (ScheduleDueAsync, "write due notifications"), (EmailPendingAsync, "email notifications") })
        {
            try
            {
                await step(cancellationToken);
            }
            catch (Exception failure) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogError(failure, "Could not {Step}; the next pass tries again", name);
            }
        }
    }

    /// <summary>
    /// Writes the notifications the clock makes due: a consultation open for comment (once its opening has passed, and
    /// only while it is still open), and a comment or reply period closing within <see cref="ClosingSoonNotice"/>. Each is
    /// keyed by consultation and occasion, so every person hears of it once, however many passes run.
    /// </summary>
    /// <returns>How many notifications were written.</returns>
    public async Task<int> ScheduleDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var current = await db.Consultations.Where(c => c.DecidedAt == null && c.OpensAt <= now && (c.ClosesAt > now || c.ReplyClosesAt > now))
            .ToListAsync(cancellationToken);
        foreach (var consultation in current)
            foreach (var due in DueAt(consultation, now))
                await outbox.AddAsync(db, due, cancellationToken);
        var written = db.ChangeTracker.Entries<Notification>().Count(e => e.State == EntityState.Added);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (written > 0) logger.LogInformation("Wrote {Count} scheduled notification(s)", written);
        return written;
    }

    private static IEnumerable<NotificationEvent> DueAt(PublicConsultation consultation, DateTimeOffset now)
    {
        switch (consultation.StatusAt(now))
        {
            case ConsultationStatus.OpenForComment:
                yield return new(NotificationKind.ConsultationOpened, consultation.Id, Occasion: "opened");
                if (consultation.ClosesAt - now <= ClosingSoonNotice)
                    yield return new(NotificationKind.ClosingSoon, consultation.Id, Occasion: "comments-close");
                break;
            case ConsultationStatus.ReplyPeriod when consultation.ReplyClosesAt - now <= ClosingSoonNotice:
                yield return new(NotificationKind.ClosingSoon, consultation.Id, Occasion: "replies-close");
                break;
        }
    }

    /// <summary>
    /// Emails every notification not emailed yet to a person with a confirmed address, oldest first, marking each once it
    /// is handed over. A failed send is logged and left for the next pass.
    /// </summary>
    /// <returns>How many were emailed.</returns>
    public async Task<int> EmailPendingAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var pending = await (from n in db.Notifications
                             join p in db.Users on n.PersonId equals p.Id
                             where n.EmailedAt == null && p.EmailConfirmed && p.Email != null
                             orderby n.CreatedAt
                             select n.Id).ToListAsync(cancellationToken);
        int emailed = 0, failuresInARow = 0;
        foreach (var batch in pending.Chunk(EmailBatchSize))
        {
            var notifications = await (from n in db.Notifications
                                       join p in db.Users on n.PersonId equals p.Id
                                       where batch.Contains(n.Id) && n.EmailedAt == null
                                       orderby n.CreatedAt
                                       select new { Notification = n, p.Email, p.DisplayName }).ToListAsync(cancellationToken);
            foreach (var item in notifications)
            {
                try
                {
                    await mailer.SendAsync(MailOf(item.Notification, item.Email!, item.DisplayName), cancellationToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException)
                {
                    logger.LogWarning(failure, "Notification {NotificationId} could not be emailed; the next pass tries again", item.Notification.Id);
                    if (++failuresInARow >= ConsecutiveFailuresBeforePause) return emailed;
                    continue;
                }
                failuresInARow = 0;
                // Saved one at a time: a crash between two sends repeats at most the one message in hand.
                item.Notification.MarkEmailed(clock.GetUtcNow());
                await db.SaveChangesAsync(cancellationToken);
                emailed++;
            }
            db.ChangeTracker.Clear();
        }
        if (emailed > 0) logger.LogInformation("Emailed {Count} notification(s)", emailed);
        return emailed;
    }

    private OutgoingMail MailOf(Notification notification, string email, string displayName)
    {
        var site = options.Value.PublicUrl.TrimEnd('/');
        var why = notification.Kind switch
        {
            NotificationKind.ConsultationOpened or NotificationKind.ClosingSoon => "you are a member of a stakeholder body",
            NotificationKind.DispositionPublished => "you wrote this submission or speak for the body it speaks for",
            _ => "you or a body you belong to took part in this consultation",
        };
        var text = $"""
            Dear {displayName},

            {notification.Title}

            {site}{notification.Link}

            You receive this because {why}. All your notifications: {site}/my/notifications
            """;
        return new OutgoingMail(email, notification.Title, text);
    }
}
