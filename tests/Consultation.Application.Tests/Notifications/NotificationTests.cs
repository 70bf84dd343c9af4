using Consultation.Application.Email;
using Consultation.Application.Features.Notifications;
using Consultation.Application.Notifications;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Consultation.Application.Tests.Notifications;

/// <summary>
/// Who hears of what (the outbox), the notifications the clock makes due and their email (one pass of the background
/// delivery, driven by the fake clock), and a person's own list. The seeded clock stands at 2026-03-10 12:00 UTC: the
/// KSK plan is open for comment, the registration-data principles are in their reply period, DNS-CERT is decided.
/// </summary>
public sealed class NotificationTests : SubmissionTestBase
{
    /// <summary>Everyone with the Member role and a current membership: every demo account but the administrator.</summary>
    private static readonly string[] Community =
        [People.Chair, People.Member, People.RepCcnso, People.RepJprs, People.RepIsoc, "rep.centr@demo.example", "rep.cert@demo.example"];

    private Task<T> Service<T>() where T : notnull => App.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<T>()));

    private async Task NotifyAsync(NotificationEvent notification)
    {
        var outbox = await Service<INotificationOutbox>();
        await using var db = App.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        await outbox.AddAsync(db, notification, CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    /// <summary>The email addresses of the people who have a notification of this kind (about this consultation), sorted; one entry per notification.</summary>
    private async Task<string[]> RecipientsAsync(NotificationKind kind, Guid? consultationId = null)
    {
        await using var db = App.NewDbContext();
        return (await db.Notifications.Where(n => n.Kind == kind && (consultationId == null || n.ConsultationId == consultationId))
                .Join(db.Users, n => n.PersonId, p => p.Id, (n, p) => p.Email!).ToListAsync())
            .Order(StringComparer.Ordinal).ToArray();
    }

    private static string[] Sorted(params string[] emails) => emails.Order(StringComparer.Ordinal).ToArray();

    private string[] MailFiles() => Directory.Exists(Path.Combine(App.Folder, "mail")) ? Directory.GetFiles(Path.Combine(App.Folder, "mail"), "*.eml") : [];

    private async Task<NotificationDelivery> DeliveryWithAsync(IMailer mailer) =>
        await App.InScopeAsync(sp => Task.FromResult(ActivatorUtilities.CreateInstance<NotificationDelivery>(sp, mailer)));

    // ----- who hears of what -----

    [Fact]
    public async Task A_published_disposition_goes_to_the_author_and_the_bodys_current_representatives()
    {
        var open = await OpenAsync();
        var jprsPosition = await SubmissionIdAsync(Slugs.OpenForComment, s => s.OnBehalfOfBody!.Acronym == "JPRS");
        var ownName = await SubmissionIdAsync(Slugs.OpenForComment, s => s.OnBehalfOfBodyId == null);
        await GrantMandateAsync(People.RepIsoc, "JPRS");

        await NotifyAsync(new(NotificationKind.DispositionPublished, open.Id, jprsPosition));
        await NotifyAsync(new(NotificationKind.DispositionPublished, open.Id, ownName));

        await using var db = App.NewDbContext();
        var links = await db.Notifications.Where(n => n.Kind == NotificationKind.DispositionPublished).Select(n => n.Link).Distinct().ToListAsync();
        Assert.Equal(Sorted(People.Member, People.RepIsoc, People.RepJprs), await RecipientsAsync(NotificationKind.DispositionPublished));
        Assert.Equal(Sorted($"/consultations/{Slugs.OpenForComment}/submissions/{jprsPosition}", $"/consultations/{Slugs.OpenForComment}/submissions/{ownName}"),
            links.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(NotificationKind.ConsensusCallOpened)]
    [InlineData(NotificationKind.ConsensusCallUpdated)]
    [InlineData(NotificationKind.RecordPublished)]
    public async Task Consensus_calls_and_records_go_to_everyone_who_submitted_and_the_members_of_bodies_that_did(NotificationKind kind)
    {
        var open = await OpenAsync();
        var jprs = await BodyIdAsync("JPRS");
        var centr = await PersonIdAsync("rep.centr@demo.example");
        await ChangeAsync(db =>
        {
            db.Memberships.Add(new Membership(centr, jprs, MembershipRole.Member, Now.AddDays(-1)));
            return Task.CompletedTask;
        });

        await NotifyAsync(new(kind, open.Id));

        // The open consultation has an own-name comment (member@) and JPRS's position (rep.jprs@, whose body now has a second member).
        Assert.Equal(Sorted(People.Member, People.RepJprs, "rep.centr@demo.example"), await RecipientsAsync(kind));
    }

    [Fact]
    public async Task An_opening_goes_to_every_member_with_a_current_membership_in_a_body()
    {
        var open = await OpenAsync();
        await ChangeAsync(async db => (await db.Memberships.SingleAsync(m => m.PersonId == db.Users.Single(u => u.Email == People.Member).Id)).End(Now.AddHours(-1)));

        await NotifyAsync(new(NotificationKind.ConsultationOpened, open.Id, Occasion: "opened"));

        Assert.Equal(Sorted(Community.Except([People.Member]).ToArray()), await RecipientsAsync(NotificationKind.ConsultationOpened));
    }

    [Fact]
    public async Task The_same_event_reaches_a_person_once_however_often_it_is_announced()
    {
        var open = await OpenAsync();
        var ownName = await SubmissionIdAsync(Slugs.OpenForComment, s => s.OnBehalfOfBodyId == null);
        var designation = Guid.NewGuid().ToString("N");

        await NotifyAsync(new(NotificationKind.ConsensusCallUpdated, open.Id, Occasion: designation));
        await NotifyAsync(new(NotificationKind.ConsensusCallUpdated, open.Id, Occasion: designation));
        await NotifyAsync(new(NotificationKind.ConsensusCallUpdated, open.Id, Occasion: "a later designation"));
        await NotifyAsync(new(NotificationKind.DispositionPublished, open.Id, ownName));
        await NotifyAsync(new(NotificationKind.DispositionPublished, open.Id, ownName));

        Assert.Equal(Sorted(People.Member, People.Member, People.RepJprs, People.RepJprs), await RecipientsAsync(NotificationKind.ConsensusCallUpdated));
        // Without an occasion each announcement is an event of its own.
        Assert.Equal([People.Member, People.Member], await RecipientsAsync(NotificationKind.DispositionPublished));
    }

    [Fact]
    public async Task The_database_refuses_a_second_notification_of_one_event_to_one_person()
    {
        var open = await OpenAsync();
        await NotifyAsync(new(NotificationKind.ConsultationOpened, open.Id, Occasion: "opened"));

        await using var db = App.NewDbContext();
        var first = await db.Notifications.AsNoTracking().FirstAsync();
        db.Notifications.Add(new Notification(first.PersonId, first.EventKey, first.Kind, first.ConsultationId, null, "again", first.Link, Now));

        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    // ----- what the clock makes due -----

    [Fact]
    public async Task An_open_consultation_is_announced_once_across_passes_and_restarts()
    {
        var open = await OpenAsync();
        var delivery = await Service<NotificationDelivery>();

        var first = await delivery.ScheduleDueAsync(CancellationToken.None);
        var second = await delivery.ScheduleDueAsync(CancellationToken.None);
        var afterRestart = await (await DeliveryWithAsync(await Service<IMailer>())).ScheduleDueAsync(CancellationToken.None);

        Assert.Equal((Community.Length, 0, 0), (first, second, afterRestart));
        Assert.Equal(Sorted(Community), await RecipientsAsync(NotificationKind.ConsultationOpened, open.Id));
        // Neither the decided consultation nor the one in its reply period is announced as open.
        Assert.Equal(Community.Length, (await RecipientsAsync(NotificationKind.ConsultationOpened)).Length);
    }

    [Fact]
    public async Task A_consultation_is_announced_when_its_opening_passes_and_not_before()
    {
        var upcoming = await AddUpcomingConsultationAsync(opensIn: TimeSpan.FromDays(2));
        var delivery = await Service<NotificationDelivery>();

        await delivery.ScheduleDueAsync(CancellationToken.None);
        var before = await RecipientsAsync(NotificationKind.ConsultationOpened, upcoming.Id);
        App.Clock.SetUtcNow(upcoming.OpensAt.AddSeconds(-1));
        await delivery.ScheduleDueAsync(CancellationToken.None);
        var justBefore = await RecipientsAsync(NotificationKind.ConsultationOpened, upcoming.Id);
        App.Clock.SetUtcNow(upcoming.OpensAt);
        await delivery.ScheduleDueAsync(CancellationToken.None);

        Assert.Empty(before);
        Assert.Empty(justBefore);
        Assert.Equal(Sorted(Community), await RecipientsAsync(NotificationKind.ConsultationOpened, upcoming.Id));
    }

    [Fact]
    public async Task Closing_in_48_hours_is_announced_once_and_only_within_the_48_hours()
    {
        var open = await OpenAsync();
        var delivery = await Service<NotificationDelivery>();

        App.Clock.SetUtcNow(open.ClosesAt - TimeSpan.FromHours(48) - TimeSpan.FromSeconds(1));
        await delivery.ScheduleDueAsync(CancellationToken.None);
        var early = await RecipientsAsync(NotificationKind.ClosingSoon, open.Id);
        App.Clock.SetUtcNow(open.ClosesAt - TimeSpan.FromHours(48));
        await delivery.ScheduleDueAsync(CancellationToken.None);
        App.Clock.SetUtcNow(open.ClosesAt - TimeSpan.FromHours(1));
        var again = await delivery.ScheduleDueAsync(CancellationToken.None);
        App.Clock.SetUtcNow(open.ClosesAt.AddHours(1));
        var afterClose = await delivery.ScheduleDueAsync(CancellationToken.None);

        Assert.Empty(early);
        Assert.Equal(Sorted(Community), await RecipientsAsync(NotificationKind.ClosingSoon, open.Id));
        Assert.Equal((0, 0), (again, afterClose));
        await using var db = App.NewDbContext();
        Assert.All(await db.Notifications.Where(n => n.Kind == NotificationKind.ClosingSoon).Select(n => n.Title).ToListAsync(),
            title => Assert.StartsWith("The comment period closes at", title));
    }

    [Fact]
    public async Task A_reply_period_closing_in_48_hours_is_announced_too()
    {
        var replies = await ConsultationAsync(Slugs.ReplyPeriod);
        var delivery = await Service<NotificationDelivery>();

        await delivery.ScheduleDueAsync(CancellationToken.None);
        var now = await RecipientsAsync(NotificationKind.ClosingSoon, replies.Id);
        App.Clock.SetUtcNow(replies.ReplyClosesAt!.Value - TimeSpan.FromHours(47));
        await delivery.ScheduleDueAsync(CancellationToken.None);
        await delivery.ScheduleDueAsync(CancellationToken.None);

        Assert.Empty(now);
        Assert.Equal(Sorted(Community), await RecipientsAsync(NotificationKind.ClosingSoon, replies.Id));
        Assert.Empty(await RecipientsAsync(NotificationKind.ConsultationOpened, replies.Id));
    }

    // ----- email -----

    [Fact]
    public async Task Every_notification_is_emailed_once_to_the_pickup_folder_and_marked()
    {
        var delivery = await Service<NotificationDelivery>();
        await delivery.ScheduleDueAsync(CancellationToken.None);

        var emailed = await delivery.EmailPendingAsync(CancellationToken.None);
        var again = await delivery.EmailPendingAsync(CancellationToken.None);

        Assert.Equal((Community.Length, 0), (emailed, again));
        var messages = MailFiles().Select(file => MimeMessage.Load(file)).ToList();
        Assert.Equal(Sorted(Community), messages.Select(m => m.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var toMember = messages.Single(m => m.To.Mailboxes.Single().Address == People.Member);
        Assert.StartsWith("Open for comment until", toMember.Subject);
        Assert.Contains($"http://localhost:5097/consultations/{Slugs.OpenForComment}", toMember.TextBody);
        await using var db = App.NewDbContext();
        Assert.All(await db.Notifications.ToListAsync(), n => Assert.Equal(Now, n.EmailedAt));
    }

    [Fact]
    public async Task A_failed_send_is_logged_and_retried_in_the_next_pass()
    {
        await (await Service<NotificationDelivery>()).ScheduleDueAsync(CancellationToken.None);
        var mailer = new FlakyMailer(await Service<IMailer>()) { Failing = true };
        var delivery = await DeliveryWithAsync(mailer);

        await delivery.RunOnceAsync(CancellationToken.None);
        await using (var db = App.NewDbContext())
            Assert.Equal(Community.Length, await db.Notifications.CountAsync(n => n.EmailedAt == null));
        var attempts = mailer.Attempts;
        mailer.Failing = false;
        await delivery.RunOnceAsync(CancellationToken.None);

        // A mail server that keeps failing is left alone for the rest of the pass.
        Assert.Equal(NotificationDelivery.ConsecutiveFailuresBeforePause, attempts);
        Assert.Contains(App.Logs.Lines, line => line.Contains("could not be emailed; the next pass tries again"));
        Assert.Equal(Community.Length, MailFiles().Length);
        await using (var db = App.NewDbContext())
            Assert.Equal(0, await db.Notifications.CountAsync(n => n.EmailedAt == null));
    }

    [Fact]
    public async Task A_person_without_a_confirmed_address_keeps_the_notification_in_the_portal_only()
    {
        await ChangeAsync(async db => (await db.Users.SingleAsync(u => u.Email == People.Member)).EmailConfirmed = false);
        var delivery = await Service<NotificationDelivery>();
        await delivery.ScheduleDueAsync(CancellationToken.None);

        var emailed = await delivery.EmailPendingAsync(CancellationToken.None);

        Assert.Equal(Community.Length - 1, emailed);
        Assert.DoesNotContain(MailFiles(), file => MimeMessage.Load(file).To.Mailboxes.Single().Address == People.Member);
        Assert.Contains(People.Member, await RecipientsAsync(NotificationKind.ConsultationOpened));
    }

    // ----- the hosted service on the fake clock -----

    [Fact]
    public async Task The_hosted_service_runs_a_pass_at_start_and_another_each_interval_of_the_clock()
    {
        var service = await App.InScopeAsync(sp => Task.FromResult(ActivatorUtilities.CreateInstance<NotificationService>(sp)));
        var interval = (await Service<IOptions<ConsultationOptions>>()).Value.NotificationInterval;

        await service.StartAsync(CancellationToken.None);
        try
        {
            await UntilAsync(async () => MailFiles().Length == Community.Length);
            var upcoming = await AddUpcomingConsultationAsync(opensIn: interval / 2);
            App.Clock.Advance(interval / 2);
            await Task.Delay(300); // a pass, if one wrongly ran, would have written by now
            var beforeTheTick = await RecipientsAsync(NotificationKind.ConsultationOpened, upcoming.Id);
            App.Clock.Advance(interval / 2);
            await UntilAsync(async () => (await RecipientsAsync(NotificationKind.ConsultationOpened, upcoming.Id)).Length == Community.Length
                                         && MailFiles().Length == 2 * Community.Length);

            Assert.Empty(beforeTheTick);
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task An_interval_of_zero_turns_the_hosted_service_off()
    {
        var options = Options.Create(new ConsultationOptions { NotificationInterval = TimeSpan.Zero });
        var service = await App.InScopeAsync(sp => Task.FromResult(ActivatorUtilities.CreateInstance<NotificationService>(sp, options)));

        await service.StartAsync(CancellationToken.None);

        // A running service would never end on its own: this times out unless it returned at once.
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        await using var db = App.NewDbContext();
        Assert.Equal(0, await db.Notifications.CountAsync());
    }

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The background pass did not happen in time.");
            await Task.Delay(25);
        }
    }

    // ----- a person's own list -----

    [Fact]
    public async Task A_person_sees_only_their_own_notifications_newest_first_and_marks_them_read()
    {
        var open = await OpenAsync();
        await NotifyAsync(new(NotificationKind.ConsultationOpened, open.Id, Occasion: "opened"));
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await NotifyAsync(new(NotificationKind.ConsensusCallOpened, open.Id));

        var mine = await SendAsync(new MyNotifications.Query(), People.Member);
        var unread = await SendAsync(new UnreadNotifications.Query(), People.Member);
        var markedOne = await SendAsync(new MarkNotificationsRead.Command(mine.Notifications[0].Id), People.Member);
        var afterOne = await SendAsync(new MyNotifications.Query(), People.Member);
        var markedAll = await SendAsync(new MarkNotificationsRead.Command(null), People.Member);
        var jprsUnread = await SendAsync(new UnreadNotifications.Query(), People.RepJprs);

        Assert.Equal([NotificationKind.ConsensusCallOpened, NotificationKind.ConsultationOpened], mine.Notifications.Select(n => n.Kind));
        Assert.Equal((2, 2, 2), (mine.Unread, mine.Total, unread));
        Assert.Equal((1, 1, 1), (markedOne, afterOne.Unread, markedAll));
        Assert.True(afterOne.Notifications[0].IsRead);
        Assert.Equal(0, await SendAsync(new UnreadNotifications.Query(), People.Member));
        Assert.Equal(2, jprsUnread); // someone else's stay unread
    }

    [Fact]
    public async Task Someone_elses_notification_cannot_be_marked_read()
    {
        var open = await OpenAsync();
        await NotifyAsync(new(NotificationKind.ConsultationOpened, open.Id, Occasion: "opened"));
        var theirs = (await SendAsync(new MyNotifications.Query(), People.RepJprs)).Notifications.Single();

        await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new MarkNotificationsRead.Command(theirs.Id), People.Member));
        await Assert.ThrowsAsync<AccessDeniedException>(() => App.SendAsync(new MyNotifications.Query()));

        Assert.Equal(1, await SendAsync(new UnreadNotifications.Query(), People.RepJprs));
    }

    private async Task<PublicConsultation> AddUpcomingConsultationAsync(TimeSpan opensIn)
    {
        var open = await OpenAsync();
        var upcoming = new PublicConsultation("an-upcoming-consultation", "An upcoming consultation", null, open.ProposalVersionId, null,
            Now + opensIn, Now + opensIn + TimeSpan.FromDays(30));
        await ChangeAsync(db =>
        {
            db.Consultations.Add(upcoming);
            return Task.CompletedTask;
        });
        return upcoming;
    }
}
