using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

public sealed class SubmissionInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string SubmitPath = "/consultations/ksk-rollover-communication-plan/submit";

    [Fact]
    public async Task Representative_drafts_closes_the_tab_comes_back_previews_attaches_a_pdf_and_gets_a_receipt()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserSteps.SignInAsync(page, "rep.ccnso@demo.example");

        await page.GotoAsync(SubmitPath);
        await BrowserSteps.WaitUntilInteractiveAsync(page);
        await page.GetByLabel("As the official position of ccNSO").CheckAsync();
        await page.GetByLabel("Text (Markdown)").FillAsync("The ccNSO asks for **weekly** readiness reports.");
        await Expect(page.GetByTestId("draft-status")).ToContainTextAsync("Draft saved", new() { Timeout = 10_000 });
        await page.CloseAsync();

        page = await page.Context.NewPageAsync();
        await page.GotoAsync(SubmitPath);
        await BrowserSteps.WaitUntilInteractiveAsync(page);
        await Expect(page.GetByTestId("draft-offer")).ToContainTextAsync("weekly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Continue the draft" }).ClickAsync();
        await Expect(page.GetByLabel("Text (Markdown)")).ToHaveValueAsync("The ccNSO asks for **weekly** readiness reports.");
        await Expect(page.GetByLabel("As the official position of ccNSO")).ToBeCheckedAsync();
        await Expect(page.Locator(".preview-body strong")).ToHaveTextAsync("weekly");

        await page.GetByLabel("Concerns").CheckAsync();
        await page.GetByLabel("3 Measuring readiness").CheckAsync();
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "ccnso-position.pdf", MimeType = "application/pdf",
            Buffer = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"),
        });
        await Expect(page.GetByTestId("attachments")).ToContainTextAsync("ccnso-position.pdf");
        await BrowserSteps.ScreenshotAsync(page, "submission-form");

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/receipt\\?version=1$"), new() { Timeout = 15_000 });
        await Expect(page.GetByTestId("content-hash")).ToHaveTextAsync(BrowserSteps.Sha256Hex());
        await BrowserSteps.ScreenshotAsync(page, "submission-receipt");
        await page.GetByTestId("permalink").ClickAsync();
        await Expect(page.Locator("article.submission-page")).ToContainTextAsync("weekly");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "ccnso-position.pdf" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task An_anonymous_visitor_sent_to_the_submit_page_lands_on_the_sign_in_page()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync(SubmitPath);

        await Expect(page).ToHaveURLAsync(new Regex("/Account/Login\\?ReturnUrl="));
    }

    [Fact]
    public async Task A_member_without_a_mandate_is_offered_no_body_to_speak_for()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserSteps.SignInAsync(page, "member@demo.example");

        await page.GotoAsync(SubmitPath);
        await BrowserSteps.WaitUntilInteractiveAsync(page);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Submit a position", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("As the official position of")).ToHaveCountAsync(0);
    }
}
