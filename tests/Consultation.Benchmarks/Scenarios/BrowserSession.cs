using Consultation.Benchmarks.Harness;
using Microsoft.Playwright;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// Debian's headless Chromium (never a downloaded browser), launched as the end-to-end tests launch it, against one
/// running portal: fresh contexts (empty cache, no cookies) and contexts of a signed-in person.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;
    private readonly Uri _portal;

    private BrowserSession(IPlaywright playwright, IBrowser browser, Uri portal) => (_playwright, _browser, _portal) = (playwright, browser, portal);

    /// <param name="processPerSite">
    /// One renderer process per site and context instead of one per page: hundreds of open pages then fit in memory.
    /// </param>
    public static async Task<BrowserSession> LaunchAsync(Uri portal, bool processPerSite = false)
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"Chromium is not installed at {ChromiumPath} (as root: apt-get install -y chromium).");
        var playwright = await Playwright.CreateAsync();
        // Without these Chromium reaches for the network at every start.
        List<string> args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
        if (processPerSite) args.Add("--process-per-site");
        var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = args });
        return new BrowserSession(playwright, browser, portal);
    }

    /// <summary>A context of its own: empty cache, no cookies, or the cookies of <paramref name="storageState"/>.</summary>
    public Task<IBrowserContext> NewContextAsync(string? storageState = null) =>
        _browser.NewContextAsync(new() { BaseURL = _portal.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, StorageState = storageState });

    /// <summary>Signs the member in through the login form and returns the context's storage state (its cookies), to be reused.</summary>
    public async Task<string> SignInAsync(string email)
    {
        await using var context = await NewContextAsync();
        var page = await context.NewPageAsync();
        await page.GotoAsync("Account/Login");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(PortalServer.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        try
        {
            await page.WaitForURLAsync(url => url.EndsWith("/dashboard", StringComparison.Ordinal), new() { Timeout = 30_000 });
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"{email} could not sign in over {_portal} (the page stayed at {page.Url}): are the __Host- cookies refused?");
        }
        return await context.StorageStateAsync();
    }

    /// <summary>An interactive page marks itself once its circuit has connected; before that a click is lost.</summary>
    public static Task WaitUntilInteractiveAsync(IPage page, float timeout = 60_000) =>
        page.Locator("[data-interactive=true]").First.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = timeout });

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
