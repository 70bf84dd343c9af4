using System.Diagnostics;
using System.Globalization;
using System.Net;
using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>Start-up to the first served page, and what a first visit costs a browser: bytes, requests, largest contentful paint.</summary>
public sealed class StartUpScenario : IScenario
{
    public string Name => "startup";

    public async Task<ScenarioReport> RunAsync(BenchmarkRun run, GeneratedArchive archive, CancellationToken cancellationToken)
    {
        var report = new ScenarioReport("5. Start-up and first page",
            "The published portal (Production) is started as a process on a copy of the archive; a stopwatch runs from just before " +
            "the process starts until the home page answers 200 (polled from the moment the portal logs \"Now listening\"). The " +
            "baseline is the same process's time to listening: the difference is what the first request costs (its JIT, the first " +
            "queries). Then each page is loaded once by the server and once in a fresh Chromium context (empty cache, no cookies): " +
            "the bytes on the wire (encoded bodies and headers of every request, from Playwright's request sizes) against the HTML " +
            "document alone, and the largest contentful paint (PerformanceObserver, buffered) against the moment the document was received.");
        var data = BrowserPortal.CopyArchive(run, archive, Name);
        PortalServer.Publish(run);
        var pages = new (string Name, string Path)[] { ("consultation page", $"consultations/{archive.ReadingSlug}"), ("home page", "") };
        var runs = new List<StartRun>();
        for (var i = 0; i < run.Options.Runs; i++)
        {
            BenchmarkRun.Say($"  run {i + 1} of {run.Options.Runs}");
            runs.Add(await MeasureAsync(run, data, pages.Select(p => p.Path).ToList(), cancellationToken));
        }

        var firstPage = Figures.Median(runs.Select(r => r.FirstPage.TotalMilliseconds));
        var listening = Figures.Median(runs.Select(r => r.Listening.TotalMilliseconds));
        report.Add("Process start to first page (200 for /)", Ms(firstPage), Ms(listening) + " (to listening)", Ratio(firstPage / listening));
        for (var p = 0; p < pages.Length; p++)
        {
            var loads = runs.Select(r => r.Cold[p]).ToList();
            var transferred = Figures.Median(loads.Select(l => (double)l.TransferredBytes));
            var document = Figures.Median(loads.Select(l => (double)l.DocumentBytes));
            var paint = Figures.Median(loads.Select(l => l.LargestPaintMs));
            var received = Figures.Median(loads.Select(l => l.DocumentReceivedMs));
            report.Add($"Cold {pages[p].Name}: bytes transferred", Kb(transferred), Kb(document) + " (HTML alone)", Ratio(transferred / document))
                .Add($"Cold {pages[p].Name}: requests", Figures.Median(loads.Select(l => (double)l.Requests)).ToString(CultureInfo.InvariantCulture))
                .Add($"Cold {pages[p].Name}: largest contentful paint", Ms(paint), Ms(received) + " (document received)", Ratio(paint / received));
        }
        var uncompressed = runs[^1].Cold.SelectMany(l => l.Uncompressed).Distinct().ToList();
        report.Note(uncompressed.Count == 0
            ? "Every text response over 1 KB came compressed (Content-Encoding)."
            : "Served without compression (no Content-Encoding, though Chromium accepts br and gzip): " + string.Join("; ", uncompressed) + ".");
        return report;
    }

    private static async Task<StartRun> MeasureAsync(BenchmarkRun run, string data, IReadOnlyList<string> paths, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        await using var portal = await PortalServer.StartAsync(run, data, cancellationToken: cancellationToken);
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        while ((await TryGetAsync(http, "", cancellationToken)) != HttpStatusCode.OK)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2)) throw new InvalidOperationException("The home page did not answer 200 within two minutes.");
            await Task.Delay(10, cancellationToken);
        }
        var firstPage = clock.Elapsed;

        // The server has rendered each page once: what is measured next is a browser's first visit, not the server's.
        foreach (var path in paths) await TryGetAsync(http, path, cancellationToken);
        await using var browser = await BrowserSession.LaunchAsync(portal.BaseAddress);
        // A throwaway first visit: the browser's own start-up (its first renderer, its network service) is not the page's.
        await BrowserColdLoad.MeasureAsync(browser, paths[^1]);
        var cold = new List<BrowserColdLoad>();
        foreach (var path in paths) cold.Add(await BrowserColdLoad.MeasureAsync(browser, path));
        return new StartRun(portal.StartedIn, firstPage, cold);
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string path, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.GetAsync(path, cancellationToken);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static string Ms(double ms) => ms.ToString("N0", CultureInfo.InvariantCulture) + " ms";

    private static string Kb(double bytes) => (bytes / 1024).ToString("N1", CultureInfo.InvariantCulture) + " KB";

    private static string Ratio(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture) + "×";

    private sealed record StartRun(TimeSpan Listening, TimeSpan FirstPage, IReadOnlyList<BrowserColdLoad> Cold);
}
