using Consultation.Application.Email;
using Consultation.Application.Features.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;

namespace Consultation.Application.Tests.Submissions;

/// <summary>
/// Receipts are emailed from the ledger after the commit (ReceiptEmails), not by the request: a pass sends each once,
/// a failed send is tried again by the next pass, and what was never sent by a person (the demo data) is never emailed.
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
    public async Task The_demo_data_is_marked_emailed_so_no_receipt_goes_to_its_authors()
    {
        Assert.Equal((0, false), await Receipts().SendPendingAsync(CancellationToken.None));
        Assert.Empty(MailFiles());
    }

    [Fact]
    public async Task A_failed_send_stops_the_pass_the_next_pass_sends_it_and_one_refused_three_times_is_skipped()
    {
        var first = await SubmitOpenAsync(People.Member, "The first comment.");
        var second = await SubmitOpenAsync(People.RepIsoc, "The second comment.");
        var mailer = new FlakyMailer(App.Services.GetRequiredService<IMailer>()) { Failing = true };
        var receipts = await App.InScopeAsync(sp => Task.FromResult(ActivatorUtilities.CreateInstance<ReceiptEmails>(sp, mailer)));

        Assert.Equal((0, true), await receipts.SendPendingAsync(CancellationToken.None));
        Assert.Equal((0, true), await receipts.SendPendingAsync(CancellationToken.None));
        Assert.Equal(2, mailer.Attempts); // each pass stopped at the first receipt: nothing after it was tried
        Assert.Contains(App.Logs.Lines, line => line.Contains($"#{first.LedgerSequence} could not be emailed; the next pass tries again"));

        // The third failure on the same receipt skips it; the pass goes on to the next, which fails too and stops it.
        Assert.Equal((0, true), await receipts.SendPendingAsync(CancellationToken.None));
        Assert.Contains(App.Logs.Lines, line => line.Contains($"#{first.LedgerSequence} could not be emailed in 3 passes and is skipped"));
        mailer.Failing = false;
        Assert.Equal((1, false), await receipts.SendPendingAsync(CancellationToken.None));
        var mail = Assert.Single(Mails());
        Assert.Contains(second.ContentHash, mail.TextBody);
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
}
