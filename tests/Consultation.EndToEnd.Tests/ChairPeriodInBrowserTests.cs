using System.Globalization;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

public sealed class ChairPeriodInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task A_chair_extends_the_deadline_and_the_reason_appears_on_the_public_timeline()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserSteps.SignInAsync(page, "chair@demo.example");
        await page.GotoAsync("/consultations/ksk-rollover-communication-plan");
        await page.GetByTestId("manage-period").ClickAsync();
        await BrowserSteps.WaitUntilInteractiveAsync(page);
        var newClose = DateTime.UtcNow.Date.AddDays(120).AddHours(12);

        var extend = page.GetByTestId("extend");
        await extend.GetByLabel("New close (UTC)").FillAsync(newClose.ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await extend.GetByLabel("Reason (published)").FillAsync("Extended so that registries can consult their members.");
        await extend.GetByRole(AriaRole.Button, new() { Name = "Extend" }).ClickAsync();

        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("Extended so that registries can consult their members.");
        await BrowserSteps.ScreenshotAsync(page, "chair-period");
        await page.GotoAsync("/consultations/ksk-rollover-communication-plan");
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync(
            $"to {newClose.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC: Extended so that registries can consult their members.");
    }

    [Fact]
    public async Task An_extension_without_a_reason_is_refused_next_to_the_reason()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserSteps.SignInAsync(page, "chair@demo.example");
        await page.GotoAsync("/chair/consultations/ksk-rollover-communication-plan/period");
        await BrowserSteps.WaitUntilInteractiveAsync(page);

        var extend = page.GetByTestId("extend");
        await extend.GetByLabel("New close (UTC)").FillAsync(DateTime.UtcNow.AddDays(200).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture));
        await extend.GetByRole(AriaRole.Button, new() { Name = "Extend" }).ClickAsync();

        await Expect(extend.Locator(".validation-message")).ToHaveTextAsync("Give the reason for the extension; it is published.");
    }
}
