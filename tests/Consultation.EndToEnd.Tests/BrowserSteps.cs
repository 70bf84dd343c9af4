using System.Text.RegularExpressions;
using Consultation.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

/// <summary>What a person does in the browser again and again: sign in, wait for an interactive page, keep a screenshot.</summary>
public static partial class BrowserSteps
{
    public static async Task SignInAsync(IPage page, string email, float timeout = 15_000)
    {
        await page.GetByRole(AriaRole.Link, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(PortalFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        // The demo chair and administrator have an authenticator (a second factor): the code comes from its published key.
        if (Totp.DemoKeyOf(email) is { } key)
        {
            await Expect(page).ToHaveURLAsync(new Regex("/Account/LoginWith2fa"));
            await page.GetByLabel("Authenticator code").FillAsync(Totp.Code(key));
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        }
        await Expect(page).ToHaveURLAsync(new Regex("/dashboard$"), new() { Timeout = timeout });
    }

    /// <summary>A click before the circuit connects is lost: interactive pages mark themselves once it has.</summary>
    public static Task WaitUntilInteractiveAsync(IPage page, float timeout = 15_000) =>
        Expect(page.Locator("[data-interactive=true]").First).ToBeAttachedAsync(new() { Timeout = timeout });

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ArtifactsDirectory, name + ".png"), FullPage = true });

    /// <summary>A SHA-256 as the portal shows it: 64 lower-case hex digits (a receipt's content hash, a ledger hash).</summary>
    [GeneratedRegex("^[0-9a-f]{64}$")]
    public static partial Regex Sha256Hex();
}
