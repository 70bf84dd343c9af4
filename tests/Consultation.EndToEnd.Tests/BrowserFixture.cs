using Consultation.Testing;
using Microsoft.Playwright;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// The seeded portal on a real Kestrel port and Debian's headless Chromium (never a downloaded browser).
/// Screenshots go to tests/artifacts/ at the top of the repository.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly PortalFactory _portal = new();
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The portal's services, for a test that compares what the browser sent with what was stored.</summary>
    public IServiceProvider Services => _portal.Services;

    public static string ArtifactsDirectory { get; } = Directory.CreateDirectory(Path.Combine(PortalFactory.RepositoryTop(), "tests", "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        // The full run builds and tests every project at once on two cores: a first page render (JIT, first queries)
        // can then take longer than Playwright's 5-second default, with nothing wrong but the machine's load.
        Assertions.SetDefaultExpectTimeout(15_000);
        _portal.UseKestrel(0);
        _portal.StartServer();
        BaseAddress = _portal.ClientOptions.BaseAddress;
        _playwright = await Playwright.CreateAsync();
        _browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's headless Chromium, never a downloaded browser.</summary>
    public static async Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}. Install Debian's build (as root: apt-get update && apt-get install -y chromium); the tests never download a browser.");
        return await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // Without these Chromium reaches for the network at every start.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>
    /// A page in a fresh browser context (its own cookies), at the portal's address; with
    /// <paramref name="bypassContentSecurityPolicy"/>, the browser ignores the portal's CSP (for tests of what the CSP backs up).
    /// </summary>
    public async Task<IPage> NewPageAsync(bool bypassContentSecurityPolicy = false)
    {
        var context = await _browser!.NewContextAsync(new()
        {
            BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 900 }, BypassCSP = bypassContentSecurityPolicy,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
        await _portal.DisposeAsync();
    }
}
