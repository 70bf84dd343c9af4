using System.Text.RegularExpressions;
using Consultation.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

public sealed partial class PortalInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    [Fact]
    public async Task Reader_follows_the_DNS_CERT_consultation_then_the_chair_signs_in_to_the_dashboard()
    {
        var page = await browser.NewPageAsync();
        var failed = new List<string>();
        page.Response += (_, response) => { if (response.Status >= 400) failed.Add($"{response.Status} {response.Url}"); };

        var stylesheet = await page.RunAndWaitForResponseAsync(() => page.GotoAsync("/"), r => AppStylesheet().IsMatch(new Uri(r.Url).AbsolutePath));
        Assert.Equal(200, stylesheet.Status);

        await page.GetByRole(AriaRole.Link, new() { Name = "Global DNS-CERT Business Case" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/consultations/dns-cert-business-case-2010$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Global DNS-CERT Business Case", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "1 Purpose of the business case" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "6 Consultation questions and next steps" })).ToBeVisibleAsync();
        await Expect(page.Locator("ol.timeline")).ToContainTextAsync("Deadline extended from 2010-03-29 23:59 UTC to 2010-04-14 23:59 UTC");
        await BrowserSteps.ScreenshotAsync(page, "consultation-dns-cert");

        await BrowserSteps.SignInAsync(page, "chair@demo.example");
        await ExpectDashboardSectionAsync(page, "Review stages you chair", "Global DNS-CERT Business Case");
        await BrowserSteps.ScreenshotAsync(page, "dashboard-chair");

        Assert.Empty(failed);
    }

    [Theory]
    [InlineData("admin@demo.example", "Administration", "Stakeholder bodies")]
    [InlineData("rep.ccnso@demo.example", "Bodies you speak for", "ccNSO")]
    [InlineData("member@demo.example", "Your submissions", "Root Zone KSK Rollover Communication Plan")]
    public async Task Each_demo_account_lands_on_the_dashboard_for_its_role(string email, string section, string inSection)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");

        await BrowserSteps.SignInAsync(page, email);

        await ExpectDashboardSectionAsync(page, section, inSection);
        await BrowserSteps.ScreenshotAsync(page, "dashboard-" + email.Split('@')[0]);
    }

    private static Task ExpectDashboardSectionAsync(IPage page, string heading, string text) =>
        Expect(page.Locator("section", new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 2 }) }))
            .ToContainTextAsync(text);

    /// <summary>The portal's own stylesheet, fingerprinted or not.</summary>
    [GeneratedRegex(@"^/app(\.\w+)?\.css$")]
    private static partial Regex AppStylesheet();
}
