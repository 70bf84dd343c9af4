using Microsoft.Playwright;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// The position form (consultations/{slug}/submit) as the circuit scenario drives it: open until interactive, close so
/// that the circuit ends at once, and time a round trip through the circuit.
/// </summary>
public static class BrowserPositionForm
{
    /// <summary>
    /// Ticking "This is a blocking objection" sends the change over the circuit; the server renders the reason field
    /// in (or out) and the browser patches the DOM. The script times click to patch, in the page, with no DevTools hop.
    /// </summary>
    private const string TimeRoundTrips = """
        async (box, count) => {
          const reason = () => document.getElementById('BlockingReason') !== null;
          const times = [];
          for (let i = 0; i < count; i++) {
            const wanted = !reason();
            const started = performance.now();
            await new Promise((resolve, reject) => {
              const watcher = new MutationObserver(() => { if (reason() === wanted) { watcher.disconnect(); clearTimeout(late); resolve(); } });
              const late = setTimeout(() => { watcher.disconnect(); reject(new Error('no round trip within 30 s')); }, 30000);
              watcher.observe(document.body, { childList: true, subtree: true });
              box.click();
            });
            times.push(performance.now() - started);
          }
          return times;
        }
        """;

    public static async Task<IPage> OpenAsync(IBrowserContext person, string slug)
    {
        var page = await person.NewPageAsync();
        await page.GotoAsync($"consultations/{slug}/submit");
        await BrowserSession.WaitUntilInteractiveAsync(page);
        // A draft left by an earlier round trip is offered instead of the form: discard it, as "Start again" does.
        var shown = page.Locator("[data-testid=draft-offer], .position-form").First;
        await shown.WaitForAsync();
        if (await shown.GetAttributeAsync("data-testid") == "draft-offer")
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Start again" }).ClickAsync();
            await page.Locator(".position-form").WaitForAsync();
        }
        return page;
    }

    /// <summary>Leaving the page sends Blazor's disconnect beacon (on pagehide): the circuit ends now, not after its retention period.</summary>
    public static async Task CloseAsync(IPage page)
    {
        await page.GotoAsync("about:blank");
        await page.CloseAsync();
    }

    /// <summary>Milliseconds from the click to the DOM patched by the server's answer, one per round trip.</summary>
    public static async Task<double[]> RoundTripsAsync(IPage page, int count) =>
        await page.GetByLabel("This is a blocking objection").EvaluateAsync<double[]>(TimeRoundTrips, count);
}
