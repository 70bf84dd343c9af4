using System.Globalization;
using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>Scenario 1: anonymous readers on a consultation page with 200 submissions, against a static file of the same server.</summary>
public sealed class ArchiveReading : IScenario
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);
    private const int Connections = 64;

    public string Name => "reading";

    public async Task<ScenarioReport> RunAsync(BenchmarkRun run, GeneratedArchive archive, CancellationToken cancellationToken)
    {
        Wrk.EnsureInstalled();
        var report = new ScenarioReport("1. Archive reading",
            $"wrk with {Connections} connections for {Duration.TotalSeconds:0} s per run against the published portal (Production, own process) on the generated " +
            $"archive: the page of a consultation with {GeneratedArchive.ReadingSubmissions} submissions (`/consultations/{archive.ReadingSlug}`), as an " +
            $"anonymous reader with no cache of their own who accepts compression as browsers do (`Accept-Encoding: {Wrk.AcceptEncoding}`), " +
            "against `/app.css` from the same server in the same run, asked for the same way. Runs alternate page and file.");
        await using var portal = await PortalServer.StartAsync(run, archive.DataDirectory, cancellationToken: cancellationToken);
        var page = new Uri(portal.BaseAddress, $"consultations/{archive.ReadingSlug}");
        var file = new Uri(portal.BaseAddress, "app.css");

        using var plain = new HttpClient();
        var pageHtml = (await plain.GetByteArrayAsync(page, cancellationToken)).Length;
        using var http = new HttpClient();   // no automatic decompression: the lengths are what crosses the wire
        http.DefaultRequestHeaders.Add("Accept-Encoding", Wrk.AcceptEncoding);
        var pageBytes = (await http.GetByteArrayAsync(page, cancellationToken)).Length;
        var fileBytes = (await http.GetByteArrayAsync(file, cancellationToken)).Length;
        Wrk.Run(page, Connections, TimeSpan.FromSeconds(10));   // warm: tiered JIT (3 s left the first run at half speed), caches
        Wrk.Run(file, Connections, TimeSpan.FromSeconds(10));

        var pages = new List<Wrk.Result>();
        var files = new List<Wrk.Result>();
        for (var i = 0; i < run.Options.Runs; i++)
        {
            pages.Add(Wrk.Run(page, Connections, Duration));
            files.Add(Wrk.Run(file, Connections, Duration));
            BenchmarkRun.Say($"  run {i + 1}: page {pages[^1].RequestsPerSecond:N0}/s p99 {pages[^1].P99Milliseconds:F1} ms; file {files[^1].RequestsPerSecond:N0}/s");
        }

        var rate = Figures.Median(pages.Select(r => r.RequestsPerSecond));
        var fileRate = Figures.Median(files.Select(r => r.RequestsPerSecond));
        var p99 = Figures.Median(pages.Select(r => r.P99Milliseconds));
        report.Add("Requests per second", Rate(rate), Rate(fileRate), Percent(rate / fileRate), "≥ 40% of the static file", rate / fileRate >= 0.40)
            .Add("p50 latency", Ms(Figures.Median(pages.Select(r => r.P50Milliseconds))), Ms(Figures.Median(files.Select(r => r.P50Milliseconds))))
            .Add("p99 latency", Ms(p99), Ms(Figures.Median(files.Select(r => r.P99Milliseconds))), "", "< 50 ms", p99 < 50)
            .Add("Errors (non-2xx, socket)", pages.Sum(r => r.Errors).ToString(CultureInfo.InvariantCulture), files.Sum(r => r.Errors).ToString(CultureInfo.InvariantCulture));
        report.Note($"The page is {pageHtml / 1024.0:N0} KiB of HTML, {pageBytes / 1024.0:N0} KiB as sent to a reader who accepts compression; " +
                    $"the file is {fileBytes / 1024.0:N0} KiB as sent.");
        return report;
    }

    internal static string Rate(double perSecond) => perSecond.ToString("N0", CultureInfo.InvariantCulture) + "/s";
    internal static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "F2" : "F1", CultureInfo.InvariantCulture) + " ms";
    internal static string Percent(double ratio) => ratio.ToString("P0", CultureInfo.InvariantCulture);
}
