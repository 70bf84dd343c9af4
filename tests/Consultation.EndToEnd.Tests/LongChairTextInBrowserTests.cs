using System.Text;
using Consultation.Application.Persistence;
using Consultation.Domain.Consensus;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// The chair's longest text, a record's decision (50,000 characters, several UTF-8 bytes each), goes through the
/// consensus page's correction form, whose circuit takes at most 32 KB per message from the browser: the form reads
/// the text as a stream when it is sent, so the circuit stays up and what is stored is exactly what was typed.
/// </summary>
public sealed class LongChairTextInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Slug = "dns-cert-business-case-2010";
    private const string Reason = "The decision is restated in full.";

    [Fact]
    public async Task A_decision_one_character_too_long_gets_the_message_beside_the_field_and_one_of_the_full_length_is_stored_exactly()
    {
        var tooLong = LongTextInBrowserTests.LongText(ConsensusRecord.MaxDecisionLength + 1);
        var decision = LongTextInBrowserTests.LongText(ConsensusRecord.MaxDecisionLength);
        Assert.True(Encoding.UTF8.GetByteCount(decision) > 32 * 1024, "The decision must be longer than one circuit message.");
        var chair = await browser.NewPageAsync();
        await chair.GotoAsync("/");
        await BrowserSteps.SignInAsync(chair, "chair@demo.example");
        await chair.GotoAsync($"/chair/consultations/{Slug}/consensus");
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        var form = chair.GetByTestId("correct-record");
        var field = form.GetByLabel("What was decided, as corrected (Markdown)");

        await field.FillAsync(tooLong);
        await form.GetByLabel("Reason for the correction (published)").FillAsync(Reason);
        await form.GetByRole(AriaRole.Button, new() { Name = "Publish the correction" }).ClickAsync();

        await Expect(form.Locator("div", new() { Has = chair.Locator("#correction-decision") }).Locator(".validation-message"))
            .ToHaveTextAsync("The decision must be at most 50,000 characters.");
        Assert.True(await field.InputValueAsync() == tooLong, "The decision in the field changed.");
        Assert.Equal(1, LatestRecord().Version);

        // Still connected and nothing lost: the full length is accepted.
        await field.FillAsync(decision);
        await form.GetByRole(AriaRole.Button, new() { Name = "Publish the correction" }).ClickAsync();

        await Expect(chair.GetByText("is at version 2")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var stored = LatestRecord();
        Assert.Equal(2, stored.Version);
        Assert.Equal(decision.Length, stored.Decision.Length);
        Assert.True(decision == stored.Decision, "The stored decision differs from the typed one.");

        await chair.GotoAsync($"/consultations/{Slug}/record");
        await Expect(chair.Locator(".decision li").Last).ToContainTextAsync("Zürich, 東京 and 🎉");
    }

    private ConsensusRecord LatestRecord()
    {
        using var scope = browser.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsultationDbContext>();
        var consultationId = db.Consultations.Where(c => c.Slug == Slug).Select(c => c.Id).Single();
        return db.ConsensusRecords.Where(r => r.ConsultationId == consultationId).OrderByDescending(r => r.Version).First();
    }
}
