using System.Net;
using Consultation.Application.Notifications;
using Consultation.Application.Persistence;
using Consultation.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>/my/notifications (a person's own, marked read by a plain form post) and /ledger (anyone verifies the chain).</summary>
[Collection(PortalCollection.Name)]
public sealed class NotificationsAndLedgerPagesTests(PortalFactory portal)
{
    private const string Open = "ksk-rollover-communication-plan";

    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    private ConsultationDbContext NewDbContext() => portal.Services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContext();

    /// <summary>Announces an event about the open demo consultation through the outbox, as a handler does.</summary>
    private async Task NotifyAsync(NotificationKind kind, Func<ConsultationDbContext, Task<Guid?>>? submission = null)
    {
        await using var db = NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var consultation = await db.Consultations.SingleAsync(c => c.Slug == Open);
        var occasion = kind is NotificationKind.ConsultationOpened or NotificationKind.ClosingSoon ? Guid.NewGuid().ToString("N") : null;
        await portal.Services.GetRequiredService<INotificationOutbox>()
            .AddAsync(db, new NotificationEvent(kind, consultation.Id, submission is null ? null : await submission(db), occasion), CancellationToken.None);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    private async Task<string> PersonIdAsync(string email)
    {
        await using var db = NewDbContext();
        return await db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
    }

    private static IReadOnlyList<string> Ids(Page page, string which = "") =>
        page.Document.QuerySelectorAll($"[data-testid=notification]{which}").Select(li => li.GetAttribute("data-id")!).ToList();

    [Fact]
    public async Task An_anonymous_reader_is_sent_to_sign_in()
    {
        var page = await _client.GetPageAsync("/my/notifications");

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/Account/Login", page.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_person_sees_their_own_notifications_only()
    {
        await NotifyAsync(NotificationKind.ConsensusCallOpened); // member@ commented on the open consultation
        await NotifyAsync(NotificationKind.DispositionPublished, db => db.Submissions
            .Where(s => s.ConsultationId == db.Consultations.Single(c => c.Slug == Open).Id && s.OnBehalfOfBodyId != null)
            .Select(s => (Guid?)s.Id).FirstAsync()); // a body's position: not member@'s
        var member = await PersonIdAsync("member@demo.example");
        await _client.SignInAsync("member@demo.example");

        var page = await _client.GetPageAsync("/my/notifications");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var shown = Ids(page);
        Assert.NotEmpty(shown);
        Assert.Contains("Consensus call opened: Root Zone KSK Rollover Communication Plan", page.TextOf("[data-testid=notification] a"));
        Assert.DoesNotContain("response to your submission", page.TextOf("[data-testid=notification] a"));
        await using var db = NewDbContext();
        var owners = await db.Notifications.Where(n => shown.Select(Guid.Parse).Contains(n.Id)).Select(n => n.PersonId).Distinct().ToListAsync();
        Assert.Equal([member], owners);
        Assert.Equal(
            await db.Notifications.CountAsync(n => n.PersonId == member && n.ReadAt == null),
            int.Parse(page.TextOf("[data-testid=unread-count]")));
    }

    [Fact]
    public async Task Marking_one_and_then_all_read_posts_the_form_and_updates_the_list_and_the_count()
    {
        await NotifyAsync(NotificationKind.ConsultationOpened);
        await NotifyAsync(NotificationKind.ClosingSoon);
        await _client.SignInAsync("rep.isoc@demo.example");
        var before = await _client.GetPageAsync("/my/notifications");
        var unreadBefore = Ids(before, ".is-unread");

        var marked = await _client.SubmitFormAsync(before, "form[data-testid=notifications]", new Dictionary<string, string> { ["Read"] = unreadBefore[0] });
        var afterOne = await _client.GetPageAsync("/my/notifications");
        var all = await _client.SubmitFormAsync(afterOne, "form[data-testid=notifications]", new Dictionary<string, string> { ["Read"] = "all" });
        var afterAll = await _client.GetPageAsync("/my/notifications");

        Assert.True(unreadBefore.Count >= 2);
        Assert.Equal((HttpStatusCode.Redirect, "/my/notifications"), (marked.Status, marked.Location!.AbsolutePath));
        Assert.Contains(unreadBefore[0], Ids(afterOne, ".is-read"));
        Assert.Equal(unreadBefore.Count - 1, Ids(afterOne, ".is-unread").Count);
        Assert.Equal((unreadBefore.Count - 1).ToString(), afterOne.TextOf("[data-testid=unread-count]"));
        Assert.Equal(HttpStatusCode.Redirect, all.Status);
        Assert.Empty(Ids(afterAll, ".is-unread"));
        Assert.Null(afterAll.Document.QuerySelector("[data-testid=unread-count]"));
        Assert.Equal("Nothing unread", afterAll.TextOf("[data-testid=unread]"));
    }

    [Fact]
    public async Task Someone_elses_notification_is_not_marked_read_by_a_crafted_post()
    {
        await NotifyAsync(NotificationKind.ConsultationOpened);
        var chair = await PersonIdAsync("chair@demo.example");
        Guid theirs;
        await using (var db = NewDbContext())
            theirs = await db.Notifications.Where(n => n.PersonId == chair && n.ReadAt == null).Select(n => n.Id).FirstAsync();
        await _client.SignInAsync("member@demo.example");
        var page = await _client.GetPageAsync("/my/notifications");

        var refused = await _client.SubmitFormAsync(page, "form[data-testid=notifications]", new Dictionary<string, string> { ["Read"] = theirs.ToString() });

        Assert.Contains("no such notification", refused.TextOf("[data-testid=refusal]"));
        await using var after = NewDbContext();
        Assert.Null(await after.Notifications.Where(n => n.Id == theirs).Select(n => n.ReadAt).SingleAsync());
    }

    [Fact]
    public async Task The_ledger_page_shows_the_head_to_anyone_and_verifies_the_whole_chain()
    {
        await using var db = NewDbContext();
        var head = await db.Ledger.OrderByDescending(e => e.Sequence).FirstAsync();

        var page = await _client.GetPageAsync("/ledger");
        var verified = await _client.GetPageAsync("/ledger?verify=1");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Null(page.Document.QuerySelector("[data-testid=verification]"));
        Assert.Equal("ledger", page.Document.QuerySelector("[data-testid=verify-form]")?.GetAttribute("action"));
        // The tests of one collection run one at a time: nothing is appended meanwhile.
        Assert.Equal(head.Sequence.ToString(), page.TextOf("[data-testid=entries]"));
        Assert.Equal(head.Hash, page.TextOf("[data-testid=head-hash]"));
        Assert.Equal("true", verified.Document.QuerySelector("[data-testid=verification]")?.GetAttribute("data-intact"));
        Assert.Contains("The chain is intact", verified.TextOf("[data-testid=verification] h2"));
    }

    [Fact]
    public async Task The_ledger_page_checks_a_receipt_hash_and_shows_where_it_is()
    {
        var receipt = await portal.SubmitAsync("rep.cert@demo.example", "A comment whose receipt is checked on the ledger page.");

        var found = await _client.GetPageAsync($"/ledger?receipt={receipt.ContentHash.ToUpperInvariant()}");
        var missing = await _client.GetPageAsync($"/ledger?receipt={new string('c', 64)}");

        Assert.Equal(HttpStatusCode.OK, found.Status);
        Assert.Equal("ledger", found.Document.QuerySelector("[data-testid=receipt-form]")?.GetAttribute("action"));
        Assert.NotNull(found.Document.QuerySelector("label[for=receipt-hash]"));
        Assert.Equal("true", found.Document.QuerySelector("[data-testid=receipt-result]")?.GetAttribute("data-found"));
        Assert.Equal($"#{receipt.LedgerSequence}", found.TextOf("[data-testid=receipt-sequence]"));
        Assert.Equal(receipt.Permalink.TrimStart('/'), found.Document.QuerySelector("[data-testid=receipt-permalink]")?.GetAttribute("href"));
        Assert.DoesNotContain("@demo.example", found.TextOf("[data-testid=receipt-check]"));
        Assert.Equal(HttpStatusCode.OK, missing.Status);
        Assert.Equal("No submission version with this content hash is in the ledger.", missing.TextOf("[data-testid=receipt-not-found]"));
    }

    [Fact]
    public async Task A_malformed_receipt_hash_shows_the_message_beside_the_field_not_an_error()
    {
        var page = await _client.GetPageAsync("/ledger?receipt=not-a-hash");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Give the 64-character content hash from the receipt.", page.TextOf("[data-testid=receipt-error]"));
        Assert.Equal("true", page.Document.QuerySelector("#receipt-hash")?.GetAttribute("aria-invalid"));
        Assert.Equal("not-a-hash", page.Document.QuerySelector("#receipt-hash")?.GetAttribute("value"));
        Assert.Null(page.Document.QuerySelector("[data-testid=receipt-result]"));
    }
}
