using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Consultation.Domain.Submissions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// Texts up to the domain's limit (100,000 characters, several UTF-8 bytes each) go through the interactive form,
/// whose circuit takes at most 32 KB per message from the browser: the form reads the text as a stream, so neither
/// the preview nor the submission closes the circuit, and what is stored is exactly what was typed.
/// </summary>
public sealed class LongTextInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Slug = "ksk-rollover-communication-plan";

    [Fact]
    public async Task A_text_of_the_full_length_with_multi_byte_characters_is_submitted_and_stored_exactly_as_typed()
    {
        var text = LongText(SubmissionContent.MaxTextLength);
        Assert.True(Encoding.UTF8.GetByteCount(text) > 3 * 32 * 1024, "The text must be several circuit messages long.");
        var page = await OpenTheFormAsync("rep.ccnso@demo.example");

        await TextField(page).FillAsync(text);
        await Expect(page.GetByTestId("text-count")).ToHaveTextAsync("100,000 of 100,000 characters");
        await Expect(page.Locator(".preview-body li").Last).ToContainTextAsync("Zürich, 東京 and 🎉");
        await page.GetByLabel("Concerns").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/receipt\\?version=1$"), new() { Timeout = 30_000 });
        await page.GetByTestId("permalink").ClickAsync();
        var hashedContent = await page.GetByRole(AriaRole.Link, new() { Name = "hashed content" }).GetAttributeAsync("href");
        var response = await page.Context.APIRequest.GetAsync(hashedContent!);
        Assert.Equal(200, response.Status);
        var stored = StoredText(Encoding.UTF8.GetString(await response.BodyAsync()));
        Assert.Equal(text.Length, stored.Length);
        Assert.True(text == stored, "The stored text differs from the typed one.");
    }

    [Fact]
    public async Task A_text_one_character_over_the_limit_gets_the_message_beside_the_field_and_loses_nothing()
    {
        var text = LongText(SubmissionContent.MaxTextLength + 1);
        var page = await OpenTheFormAsync("rep.isoc@demo.example");
        await TextField(page).FillAsync(text);
        await page.GetByLabel("Support", new() { Exact = true }).CheckAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        await Expect(page.Locator(".field:has(#Text) .validation-message")).ToHaveTextAsync("The text must be at most 100,000 characters.");
        await Expect(page.GetByTestId("text-count")).ToHaveTextAsync("100,001 of 100,000 characters");
        Assert.True(await TextField(page).InputValueAsync() == text, "The text in the field changed.");

        // Still connected and nothing lost: one character less is accepted.
        await TextField(page).PressAsync("Control+End");
        await TextField(page).PressAsync("Backspace");
        await Expect(page.Locator(".field:has(#Text) .validation-message")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/receipt\\?version=1$"), new() { Timeout = 30_000 });
    }

    private async Task<IPage> OpenTheFormAsync(string email)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserSteps.SignInAsync(page, email);
        await page.GotoAsync($"/consultations/{Slug}/submit");
        await BrowserSteps.WaitUntilInteractiveAsync(page);
        return page;
    }

    private static ILocator TextField(IPage page) => page.GetByLabel("Text (Markdown)");

    /// <summary>
    /// Exactly <paramref name="length"/> UTF-16 code units (as .NET and the browser count) of Markdown list items with
    /// two- to four-byte UTF-8 characters, ending in an "x" (stored texts are trimmed, and no surrogate pair is cut).
    /// </summary>
    internal static string LongText(int length)
    {
        var text = new StringBuilder();
        for (var n = 1; text.Length < length; n++)
            text.Append(CultureInfo.InvariantCulture, $"{n}. Zürich, 東京 and 🎉 agree on *section {n}* \\ “quoted”.\n");
        text.Length = length - 1;
        if (char.IsHighSurrogate(text[^1])) text[^1] = 'y';
        return text.Append('x').ToString();
    }

    /// <summary>The "text=" line of a version's canonical content (docs/ledger.md), with its escapes undone.</summary>
    private static string StoredText(string canonical)
    {
        var line = canonical.Split('\n').Single(l => l.StartsWith("text=", StringComparison.Ordinal))["text=".Length..];
        return Regex.Replace(line, @"\\(.)", m => m.Groups[1].Value switch { "n" => "\n", "r" => "\r", var other => other });
    }
}
