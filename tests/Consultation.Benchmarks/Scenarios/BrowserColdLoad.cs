using System.Globalization;
using Microsoft.Playwright;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// One page loaded in a fresh Chromium context (empty cache, no cookies): what crossed the wire for it, and when its
/// largest contentful paint came.
/// </summary>
public sealed record BrowserColdLoad(int Requests, long TransferredBytes, long DocumentBytes, double LargestPaintMs, double DocumentReceivedMs,
    IReadOnlyList<string> Uncompressed)
{
    /// <summary>
    /// The last largest-contentful-paint entry so far (buffered: those before the observer count) and the navigation's
    /// responseEnd; run through DevTools, which the portal's CSP (no inline script) does not govern.
    /// </summary>
    private const string Paints = """
        () => new Promise(resolve => {
          const received = performance.getEntriesByType('navigation')[0].responseEnd;
          new PerformanceObserver(list => { const all = list.getEntries(); resolve([all[all.length - 1].startTime, received]); })
            .observe({ type: 'largest-contentful-paint', buffered: true });
          setTimeout(() => resolve([-1, received]), 5000);
        })
        """;

    /// <summary>Text that compresses well: served without Content-Encoding it is worth a note.</summary>
    private static readonly string[] CompressibleTypes = ["text/", "javascript", "json", "xml", "svg"];

    public static async Task<BrowserColdLoad> MeasureAsync(BrowserSession browser, string path)
    {
        await using var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var finished = new List<IRequest>();
        page.RequestFinished += (_, request) => finished.Add(request);
        await page.GotoAsync(path, new() { WaitUntil = WaitUntilState.NetworkIdle });
        var paints = await page.EvaluateAsync<double[]>(Paints);

        long transferred = 0, document = 0;
        var uncompressed = new List<string>();
        foreach (var request in finished)
        {
            // Encoded sizes: the bytes on the wire, headers included.
            var sizes = await request.SizesAsync();
            var bytes = (long)sizes.ResponseBodySize + sizes.ResponseHeadersSize;
            transferred += bytes;
            if (request.ResourceType == "document") document += bytes;
            var headers = await (await request.ResponseAsync())!.AllHeadersAsync();
            var type = headers.GetValueOrDefault("content-type", "");
            if (!headers.ContainsKey("content-encoding") && sizes.ResponseBodySize > 1024 && CompressibleTypes.Any(type.Contains))
                uncompressed.Add(string.Create(CultureInfo.InvariantCulture, $"{new Uri(request.Url).AbsolutePath} ({type.Split(';')[0]}, {sizes.ResponseBodySize / 1024.0:F0} KB)"));
        }
        return new BrowserColdLoad(finished.Count, transferred, document, paints[0], paints[1], uncompressed);
    }
}
