using Consultation.Testing;

namespace Consultation.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class SubmissionReceiptTests(PortalFactory portal)
{
    [Fact]
    public async Task The_receipt_is_emailed_by_the_portals_background_sender_with_the_permanent_link_and_the_content_hash()
    {
        var receipt = await portal.SubmitAsync("rep.cert@demo.example", "A comment whose receipt is mailed.");

        // Sent after the commit by ReceiptEmailService, which the commit wakes: waited for, not expected at once.
        MimeKit.MimeMessage? mail = null;
        for (var waited = TimeSpan.Zero; mail is null && waited < TimeSpan.FromSeconds(15); waited += TimeSpan.FromMilliseconds(50))
        {
            mail = portal.MailsTo("rep.cert@demo.example").SingleOrDefault(m => m.TextBody?.Contains(receipt.ContentHash) == true);
            if (mail is null) await Task.Delay(50);
        }
        Assert.NotNull(mail);
        Assert.Equal($"Received: your submission to {receipt.ConsultationTitle}", mail.Subject);
        Assert.Contains("http://localhost:5097" + receipt.Permalink, mail.TextBody);
        Assert.Contains($"ledger entry #{receipt.LedgerSequence}", mail.TextBody);
    }

    [Fact]
    public async Task The_receipt_page_shows_the_hash_and_the_permanent_link_to_the_author_only()
    {
        var receipt = await portal.SubmitAsync("member@demo.example", "A comment with a receipt page.");
        var path = $"{receipt.Permalink}/receipt?version=1";

        var author = portal.CreateBrowserlikeClient();
        await author.SignInAsync("member@demo.example");
        var page = await author.GetPageAsync(path);
        Assert.Equal(receipt.ContentHash, page.TextOf("[data-testid=content-hash]"));
        Assert.Equal(receipt.Permalink.TrimStart('/'), page.Document.QuerySelector("[data-testid=permalink]")?.GetAttribute("href"));

        var other = portal.CreateBrowserlikeClient();
        await other.SignInAsync("rep.centr@demo.example"); // rep.jprs is locked out by another test
        var refused = await other.GetPageAsync(path);
        Assert.Empty(refused.TextOf("[data-testid=content-hash]"));
        Assert.Contains("shown to the person who sent", refused.TextOf("[role=alert]"));
    }
}
