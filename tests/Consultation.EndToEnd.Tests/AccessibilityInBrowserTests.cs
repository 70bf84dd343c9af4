using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// WCAG 2.2 AA on the public pages, as axe-core checks it, plus what axe cannot: the skip link and keyboard focus, and
/// a phone-width layout without horizontal scrolling. Every page is also kept as a full-page screenshot at desktop and
/// phone width in tests/artifacts/ for a person to look at. The demo data's decided consultation (DNS-CERT) has a
/// published consensus record, so the record and report pages need no set-up.
/// </summary>
public sealed class AccessibilityInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string DecidedSlug = "dns-cert-business-case-2010";
    private const string OpenSlug = "ksk-rollover-communication-plan";

    private static readonly AxeRunOptions Wcag22AA = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    /// <summary>
    /// Structure that WCAG leaves to judgement and axe files as best practice: headings in order, one h1, one main, every
    /// piece of content inside a landmark, landmarks told apart.
    /// </summary>
    private static readonly AxeRunOptions Structure = new()
    {
        RunOnly = new RunOnlyOptions
        {
            Type = "rule",
            Values = ["heading-order", "page-has-heading-one", "landmark-one-main", "region", "landmark-unique",
                "landmark-no-duplicate-banner", "landmark-no-duplicate-contentinfo", "skip-link"],
        },
    };

    [Fact]
    public async Task Axe_finds_no_WCAG_22_AA_or_page_structure_violation_on_any_public_page()
    {
        var page = await browser.NewPageAsync();
        var report = new StringBuilder();

        foreach (var (name, path) in await PublicPagesAsync(page))
        {
            await page.GotoAsync(path);
            await BrowserSteps.ScreenshotAsync(page, "public-desktop-" + name);
            var result = await page.RunAxe(Wcag22AA);
            Assert.NotEmpty(result.Passes); // axe ran its rules: a page with nothing checked would pass vacuously
            var structure = await page.RunAxe(Structure);
            foreach (var violation in result.Violations.Concat(structure.Violations))
            {
                report.AppendLine($"{name} ({path}): {violation.Id} [{violation.Impact}] {violation.Help} ({violation.HelpUrl})");
                // The first few places are enough to find the rule that causes it; every place would bury the other pages.
                foreach (var node in violation.Nodes.Take(5))
                    report.AppendLine($"    at {node.Target}: {string.Join("; ", node.Any.Concat(node.All).Concat(node.None).Select(check => check.Message))}");
                if (violation.Nodes.Count() > 5) report.AppendLine($"    and {violation.Nodes.Count() - 5} more");
            }
        }

        Assert.True(report.Length == 0, "axe found WCAG 2.2 AA violations:\n" + report);
    }

    [Fact]
    public async Task At_phone_width_no_public_page_scrolls_sideways_and_the_header_navigation_stays_on_screen()
    {
        var page = await browser.NewPageAsync();
        await page.SetViewportSizeAsync(390, 844);
        var overflowing = new List<string>();

        foreach (var (name, path) in await PublicPagesAsync(page))
        {
            await page.GotoAsync(path);
            await BrowserSteps.ScreenshotAsync(page, "public-phone-" + name);
            var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
            if (widths[0] > widths[1])
                overflowing.Add($"{name} ({path}): {widths[0]}px wide in a {widths[1]}px window, past its edge: {await WidestElementsAsync(page)}");
        }

        Assert.True(overflowing.Count == 0, "pages scroll sideways at 390px:\n" + string.Join('\n', overflowing));

        // Every header link is within the window and can be clicked: the navigation wraps, it is not cut off.
        await page.GotoAsync("/");
        var navigation = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        foreach (var link in await navigation.GetByRole(AriaRole.Link).AllAsync())
        {
            await Expect(link).ToBeInViewportAsync();
            var box = await link.BoundingBoxAsync();
            Assert.True(box is { X: >= 0 } && box.X + box.Width <= 390, $"{await link.TextContentAsync()} lies outside the window: {box?.X}+{box?.Width}");
        }
        await navigation.GetByRole(AriaRole.Link, new() { Name = "Organizations" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Organizations");
    }

    [Fact]
    public async Task The_first_Tab_lands_on_a_visible_skip_link_whose_Enter_moves_focus_to_the_main_content()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");

        await page.Keyboard.PressAsync("Tab");

        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to main content" });
        await Expect(skip).ToBeFocusedAsync();
        await Expect(skip).ToBeInViewportAsync();
        var box = await skip.BoundingBoxAsync();
        Assert.True(box is { Width: > 20, Height: > 10 }, $"the focused skip link is not visibly sized: {box?.Width}x{box?.Height}");
        // The focus ring is drawn: an outline at least 2px wide (WCAG 2.4.13's thickness, and 2.4.7's visibility).
        Assert.True(await FocusOutlineWidthAsync(page) >= 2, "the focused skip link has no visible outline");
        await BrowserSteps.ScreenshotAsync(page, "public-skip-link-focused");

        await page.Keyboard.PressAsync("Enter");

        await Expect(page.Locator("main")).ToBeFocusedAsync();
        // The next Tab continues inside the main content, not back at the header.
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>("() => document.querySelector('main').contains(document.activeElement)"),
            "after the skip link, Tab does not continue inside main");
    }

    [Fact]
    public async Task Every_link_button_and_field_on_the_home_page_shows_a_focus_outline_when_reached_by_keyboard()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        var withoutOutline = new List<string>();

        // Tab through the whole page once: it ends when focus leaves the document or comes back to an element seen before.
        var seen = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("""
                () => {
                    const e = document.activeElement;
                    if (e === document.body || e.dataset.tabbed) return '';
                    e.dataset.tabbed = 'yes';
                    return e.outerHTML.slice(0, 120);
                }
                """);
            if (focused.Length == 0) break;
            seen.Add(focused);
            if (await FocusOutlineWidthAsync(page) < 2) withoutOutline.Add(focused);
        }

        Assert.True(seen.Count > 10, $"only {seen.Count} elements reached by Tab:\n" + string.Join('\n', seen));
        Assert.True(withoutOutline.Count == 0, "focused without a visible outline:\n" + string.Join('\n', withoutOutline));
    }

    /// <summary>The innermost elements that reach past the window's right edge: where to look when a page scrolls sideways.</summary>
    private static Task<string> WidestElementsAsync(IPage page) => page.EvaluateAsync<string>("""
        () => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
            .slice(0, 6)
            .map(e => e.tagName.toLowerCase() + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().replace(/\s+/g, '.') : '') + ' (' + Math.round(e.getBoundingClientRect().right) + 'px)')
            .join(', ')
        """);

    private static Task<double> FocusOutlineWidthAsync(IPage page) => page.EvaluateAsync<double>(
        "() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth); }");

    /// <summary>
    /// The public pages by name and path. A submission and an organization are whichever the decided consultation links to
    /// first, so the test follows the demo data rather than hard-coding an identifier.
    /// </summary>
    private static async Task<IReadOnlyList<(string Name, string Path)>> PublicPagesAsync(IPage page)
    {
        await page.GotoAsync($"/consultations/{DecidedSlug}");
        var submission = await page.Locator("ol.submissions h3 > a").First.GetAttributeAsync("href");
        // A body with a position on record, so that its page shows one.
        var organization = await page.Locator("ol.submissions a[href^='organizations/']").First.GetAttributeAsync("href");
        // A submission with more than one version, so that the changes between versions are checked too.
        var submissions = await page.APIRequest.GetAsync($"/api/v1/consultations/{DecidedSlug}/submissions?limit=200");
        var revised = (await submissions.JsonAsync())!.Value.GetProperty("items").EnumerateArray()
            .First(s => s.GetProperty("versions").GetArrayLength() > 1).GetProperty("id").GetString();
        return
        [
            ("home", "/"),
            ("consultations", "/consultations"),
            ("consultation", $"/consultations/{DecidedSlug}"),
            ("consultation-open", $"/consultations/{OpenSlug}"),
            ("submission", "/" + submission),
            ("submission-revised", $"/consultations/{DecidedSlug}/submissions/{revised}"),
            ("consultations-filtered", "/consultations?status=Decided&year=2010&body=ccnso&size=10"),
            ("api-reference", "/api"),
            ("record", $"/consultations/{DecidedSlug}/record"),
            ("report", $"/consultations/{DecidedSlug}/report"),
            ("search", "/search?q=DNS"),
            ("organizations", "/organizations"),
            ("organization", "/" + organization),
            ("ledger", "/ledger"),
        ];
    }
}
