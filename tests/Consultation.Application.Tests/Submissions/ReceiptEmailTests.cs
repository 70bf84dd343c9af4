using Consultation.Application.Email;
using Consultation.Application.Features.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Consultation.Application.Tests.Submissions;

/// <summary>
/// Receipts are emailed from the ledger after the commit (ReceiptEmails), not by the request: a pass sends each once,
/// a failed send is tried again by a later pass, a refused one is skipped, and what was never sent by a person (the demo
/// data) is never emailed.
/// </summary>
public sealed class ReceiptEmailTests : SubmissionTestBase
{
    [Fact]
    public async Task A_pass_emails_each_receipt_once_with_its_link_hash_and_ledger_entry_and_the_request_emails_nothing()
    {
        var receipt = await SubmitOpenAsync(People.Member, "A comment whose receipt is mailed after its commit.");
        var revised = await SendAsync(Revision(receipt.SubmissionId, "The same comment, revised."), People.Member);
        Assert.Empty(MailFiles()); // the request gave its receipt and left the email to the pass

        Assert.Equal((2, false), await Receipts().SendPendingAsync(CancellationToken.None));
        var mails = Mails();
        foreach (var (sent, version) in new[] { (receipt, 1), (revised, 2) })
        {
            var mail = Assert.Single(mails, m => m.TextBody?.Contains(sent.ContentHash) == true);
            Assert.Equal(People.Member, Assert.Single(mail.To.Mailboxes).Address);
            Assert.Equal($"Received: your submission to {sent.ConsultationTitle}", mail.Subject);
            Assert.Contains("http://localhost:5097" + sent.Permalink, mail.TextBody);
            Assert.Contains($"ledger entry #{sent.LedgerSequence}", mail.TextBody);
            Assert.Contains($"Version:        {version}", mail.TextBody);
        }

        Assert.Equal((0, false), await Receipts().SendPendingAsync(CancellationToken.None));
        Assert.Equal(2, MailFiles().Length);
    }

    [Fact]
    public async Task One_pass_goes_on_batch_after_batch_until_every_receipt_is_sent()
    {
        SubmissionReceipt last = null!;
        for (var i = 0; i <= ReceiptEmails.BatchSize; i++) last = await SubmitOpenAsync(People.Member, $"Comment {i} of a long queue.");

        Assert.Equal((ReceiptEmails.BatchSize + 1, false), await Receipts().SendPendingAsync(CancellationToken.None));
        await using var db = App.NewDbContext();
        Assert.Equal(last.LedgerSequence, await db.ReceiptEmailProgress.Select(p => p.EmailedThrough).SingleAsync());
        Assert.Equal((0, false), await Receipts().SendPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task The_demo_data_is_marked_emailed_so_no_receipt_goes_to_its_authors()
    {
        Assert.Equal((0, false), await Receipts().SendPendingAsync(CancellationToken.None));
        Assert.Empty(MailFiles());
    }

    [Fact]
    public async Task A_mail_server_that_is_down_delays_the_receipts_and_loses_none()
    {
        var first = await SubmitOpenAsync(People.Member, "The first comment.");
        var second = await SubmitOpenAsync(People.RepIsoc, "The second comment.");
        var mailer = new FlakyMailer(App.Services.GetRequiredService<IMailer>()) { Failing = true };
        var receipts = await App.InScopeAsync(sp => Task.FromResult(ActivatorUtilities.CreateInstance<ReceiptEmails>(sp, mailer)));

        for (var pass = 0; pass < 5; pass++) Assert.Equal((0, true), await receipts.SendPendingAsync(CancellationToken.None));
        Assert.Equal(5, mailer.Attempts); // each pass stopped at the first receipt: nothing after it was tried, nothing skipped
        Assert.Contains(App.Logs.Lines, line => line.Contains($"#{first.LedgerSequence} could not be emailed; a later pass tries again"));

        mailer.Failing = false;
        Assert.Equal((2, false), await receipts.SendPendingAsync(CancellationToken.None));
        Assert.All(new[] { first, second }, sent => Assert.Single(Mails(), m => m.TextBody?.Contains(sent.ContentHash) == true));
    }

    [Fact]
    public async Task A_receipt_the_mail_server_refuses_for_good_is_skipped_and_the_next_are_sent()
    {
        var refused = await SubmitOpenAsync(People.Member, "A comment whose address the server refuses.");
        var next = await SubmitOpenAsync(People.RepIsoc, "The next comment.");
        var receipts = await App.InScopeAsync(sp => Task.FromResult(
            ActivatorUtilities.CreateInstance<ReceiptEmails>(sp, new RefusingMailer(People.Member, App.Services.GetRequiredService<IMailer>()))));

        Assert.Equal((1, false), await receipts.SendPendingAsync(CancellationToken.None));
        Assert.Contains(App.Logs.Lines, line => line.Contains($"#{refused.LedgerSequence} was refused by the mail server and is skipped"));
        Assert.Contains(next.ContentHash, Assert.Single(Mails()).TextBody);
        Assert.Equal((0, false), await receipts.SendPendingAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_server_that_refuses_every_receipt_skips_none_of_them()
    {
        var first = await SubmitOpenAsync(People.Member, "The first comment.");
        var second = await SubmitOpenAsync(People.RepIsoc, "The second comment.");
        var refusing = new RefusingMailer(null, App.Services.GetRequiredService<IMailer>());
        var receipts = await App.InScopeAsync(sp => Task.FromResult(ActivatorUtilities.CreateInstance<ReceiptEmails>(sp, refusing)));

        Assert.Equal((0, true), await receipts.SendPendingAsync(CancellationToken.None));
        Assert.DoesNotContain(App.Logs.Lines, line => line.Contains("refused by the mail server and is skipped"));
        Assert.Equal((2, false), await Receipts().SendPendingAsync(CancellationToken.None));
        Assert.All(new[] { first, second }, sent => Assert.Single(Mails(), m => m.TextBody?.Contains(sent.ContentHash) == true));
    }

    [Fact]
    public async Task A_stop_in_the_middle_of_a_batch_marks_what_was_sent_so_the_next_start_does_not_send_it_again()
    {
        var first = await SubmitOpenAsync(People.Member, "Sent before the stop.");
        await SubmitOpenAsync(People.RepIsoc, "Not sent: the portal stopped.");
        using var stopping = new CancellationTokenSource();
        var mailer = new StoppingMailer(stopping, App.Services.GetRequiredService<IMailer>());
        var receipts = await App.InScopeAsync(sp => Task.FromResult(ActivatorUtilities.CreateInstance<ReceiptEmails>(sp, mailer)));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receipts.SendPendingAsync(stopping.Token));
        await using (var db = App.NewDbContext())
            Assert.Equal(first.LedgerSequence, await db.ReceiptEmailProgress.Select(p => p.EmailedThrough).SingleAsync());
        Assert.Equal((1, false), await Receipts().SendPendingAsync(CancellationToken.None));
        Assert.Equal(2, MailFiles().Length);
    }

    [Fact]
    public async Task A_process_told_another_sends_the_receipts_sends_none()
    {
        await SubmitOpenAsync(People.Member, "Emailed by the other process.");
        var service = await App.InScopeAsync(sp => Task.FromResult(ActivatorUtilities.CreateInstance<ReceiptEmailService>(sp,
            Options.Create(new ConsultationOptions { SendReceiptEmails = false }))));

        await service.StartAsync(CancellationToken.None);
        await service.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(MailFiles());
        Assert.Contains(App.Logs.Lines, line => line.Contains("Consultation:SendReceiptEmails is false"));
    }

    [Fact]
    public async Task No_receipt_goes_to_an_address_that_is_not_confirmed_such_as_a_closed_accounts()
    {
        var receipt = await SubmitOpenAsync(People.Member, "Sent just before the account was closed.");
        await ChangeAsync(async db => (await db.Users.SingleAsync(u => u.Email == People.Member)).EmailConfirmed = false);

        Assert.Equal((0, false), await Receipts().SendPendingAsync(CancellationToken.None));
        Assert.Empty(MailFiles());
        await using var db = App.NewDbContext();
        Assert.Equal(receipt.LedgerSequence, await db.ReceiptEmailProgress.Select(p => p.EmailedThrough).SingleAsync());
    }

    [Fact]
    public async Task A_receipt_left_unsent_by_a_crash_is_sent_by_the_next_process()
    {
        var receipt = await SubmitOpenAsync(People.Member, "Committed just before the portal stopped.");
        // A new ReceiptEmails is what a restarted portal has: what it knows comes from the database alone.
        var afterRestart = await App.InScopeAsync(sp => Task.FromResult(ActivatorUtilities.CreateInstance<ReceiptEmails>(sp)));
        Assert.Equal((1, false), await afterRestart.SendPendingAsync(CancellationToken.None));
        Assert.Contains(receipt.ContentHash, Assert.Single(Mails()).TextBody);
        await using var db = App.NewDbContext();
        Assert.Equal(receipt.LedgerSequence, await db.ReceiptEmailProgress.Select(p => p.EmailedThrough).SingleAsync());
    }

    /// <summary>On a database with a ledger already, the migration starts at its head: receipts sent before are not sent again.</summary>
    [Fact]
    public async Task The_migration_that_makes_the_mark_starts_it_at_the_ledgers_head()
    {
        await using var db = App.NewDbContext();
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_ReceiptEmailsFromTheLedger", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();
        await migrator.MigrateAsync(migrations[index - 1]);
        await migrator.MigrateAsync(migrations[index]);

        var head = await db.Ledger.MaxAsync(e => e.Sequence);
        Assert.True(head > 0);
        Assert.Equal(head, await db.ReceiptEmailProgress.Select(p => p.EmailedThrough).SingleAsync());
    }

    private ReceiptEmails Receipts() => App.Services.GetRequiredService<ReceiptEmails>();

    private string[] MailFiles() => Directory.Exists(Path.Combine(App.Folder, "mail")) ? Directory.GetFiles(Path.Combine(App.Folder, "mail"), "*.eml") : [];

    private List<MimeMessage> Mails() => MailFiles().Select(file => MimeMessage.Load(file)).ToList();

    /// <summary>Refuses every message to one address (every message, without one) as an SMTP server answering 550 does; hands the rest over.</summary>
    private sealed class RefusingMailer(string? address, IMailer inner) : IMailer
    {
        public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default) => address is null || mail.To == address
            ? Task.FromException(new MailRefusedException($"550 no such user: {mail.To}", new InvalidOperationException()))
            : inner.SendAsync(mail, cancellationToken);
    }

    /// <summary>Sends the first message, then the host stops: the second send is cancelled.</summary>
    private sealed class StoppingMailer(CancellationTokenSource stopping, IMailer inner) : IMailer
    {
        private int _sends;

        public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
        {
            if (++_sends > 1)
            {
                await stopping.CancelAsync();
                cancellationToken.ThrowIfCancellationRequested();
            }
            await inner.SendAsync(mail, cancellationToken);
        }
    }
}
