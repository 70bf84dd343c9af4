using System.Collections.Concurrent;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// The portal works under its Content-Security-Policy: public pages and an interactive Blazor Server page (its
/// WebSocket, its JS modules) in Chromium, with every CSP violation the browser reports collected and none allowed.
/// </summary>
public sealed class ContentSecurityPolicyInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] PublicPages =
    [
        "/", "/consultations", "/consultations/dns-cert-business-case-2010", "/search?q=root", "/consultations/dns-cert-business-case-2010/record", "/organizations",
        "/ledger", "/api", "/Account/Login", "/no-such-page",
    ];

    [Fact]
    public async Task Public_pages_and_the_interactive_position_form_run_without_a_policy_violation()
    {
        var page = await browser.NewPageAsync();
        var violations = await CollectViolationsAsync(page);

        foreach (var path in PublicPages)
        {
            await page.GotoAsync(path);
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        await page.GotoAsync("/");
        await BrowserSteps.SignInAsync(page, "rep.ccnso@demo.example");
        await page.GotoAsync("/consultations/ksk-rollover-communication-plan/submit");
        await BrowserSteps.WaitUntilInteractiveAsync(page);
        await page.GetByLabel("Text (Markdown)").FillAsync("Under the policy the preview still shows **bold** words.");

        // The preview is rendered on the server and sent back over the circuit's WebSocket.
        await Expect(page.Locator(".preview-body strong")).ToHaveTextAsync("bold");
        await page.GotoAsync("/dashboard");
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        Assert.Empty(violations);
    }

    [Fact]
    public async Task The_browser_reports_a_violation_when_a_page_runs_inline_script()
    {
        // The check itself can fail: an inline script added to a portal page is refused and reported.
        var page = await browser.NewPageAsync();
        var violations = await CollectViolationsAsync(page);
        await page.GotoAsync("/");

        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.ran = true'; document.body.append(s); }");

        await Expect(page.Locator("body")).ToBeAttachedAsync();
        await page.WaitForTimeoutAsync(500);
        Assert.Contains(violations, v => v.Contains("script-src", StringComparison.Ordinal));
        Assert.False(await page.EvaluateAsync<bool>("() => window.ran === true"));
    }

    /// <summary>securitypolicyviolation events (reported through a binding, so they survive navigations) and CSP console errors.</summary>
    private static async Task<ConcurrentQueue<string>> CollectViolationsAsync(IPage page)
    {
        var violations = new ConcurrentQueue<string>();
        await page.Context.ExposeFunctionAsync("reportPolicyViolation", (string violation) => violations.Enqueue(violation));
        await page.Context.AddInitScriptAsync(
            "document.addEventListener('securitypolicyviolation', e => window.reportPolicyViolation(`${e.violatedDirective} ${e.blockedURI} on ${location.pathname}`));");
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)) violations.Enqueue(message.Text);
        };
        return violations;
    }
}
