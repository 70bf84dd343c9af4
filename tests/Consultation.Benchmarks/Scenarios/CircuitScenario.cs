using System.Globalization;
using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;
using Microsoft.Playwright;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// Server memory per open interactive circuit (the position form) with many headless pages connected, and the UI round
/// trip under that load against the same round trip with one circuit open.
/// </summary>
public sealed class CircuitScenario : IScenario
{
    /// <summary>Open circuits under load: what Chromium on two cores opens in about a minute, many times the per-person cap.</summary>
    private const int Circuits = 200;
    private const int WarmUpCircuits = 12;
    private const int ProbePages = 3;
    private const int RoundTripsPerPage = 100;
    private const int OpenAtOnce = 8;
    private const double TargetBytes = 400 * 1024;
    private const double TwoGiB = 2L * 1024 * 1024 * 1024;

    public string Name => "circuits";

    public async Task<ScenarioReport> RunAsync(BenchmarkRun run, GeneratedArchive archive, CancellationToken cancellationToken)
    {
        var report = new ScenarioReport("4. Interactive circuits",
            $"The published portal (Production, http on 127.0.0.1) on a copy of the archive; Debian's headless Chromium holds {Circuits} " +
            $"pages of the position form of `{archive.OpenSlug}` open, spread over the archive's {archive.MemberEmails.Count} member accounts, each waited " +
            "for until its circuit is interactive. Memory per circuit is the growth of the portal's resident memory (VmRSS, the lowest of " +
            "five readings a second apart after five quiet seconds) from one open circuit to all of them, divided by the circuits added; " +
            "it is measured after a warm-up that opens and closes a dozen circuits and makes 200 round trips. The round trip is ticking \"This is a blocking " +
            "objection\" until the server's render shows (or hides) the reason field, timed in the page from the click to the DOM patch: " +
            $"{RoundTripsPerPage} times on the only open circuit (the baseline), then {RoundTripsPerPage} times on each of {ProbePages} " +
            $"pages, one after another, with all {Circuits} open.");
        var data = BrowserPortal.CopyArchive(run, archive, Name);
        var runs = new List<CircuitRun>();
        for (var i = 0; i < run.Options.Runs; i++)
        {
            BenchmarkRun.Say($"  run {i + 1} of {run.Options.Runs}");
            runs.Add(await MeasureAsync(run, data, archive.OpenSlug, archive.MemberEmails, cancellationToken));
            // The memory maps read, to look into beyond the summary (tests/artifacts is never committed).
            await File.WriteAllTextAsync(Path.Combine(run.Artifacts, $"circuits-{i + 1}-before.smaps"), runs[^1].Before.Map!.Smaps, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(run.Artifacts, $"circuits-{i + 1}-after.smaps"), runs[^1].After.Map!.Smaps, cancellationToken);
        }
        Report(report, runs);
        return report;
    }

    private static async Task<CircuitRun> MeasureAsync(BenchmarkRun run, string data, string slug, IReadOnlyList<string> members,
        CancellationToken cancellationToken)
    {
        var settings = new Dictionary<string, string> { ["Consultation__Circuits__MaxPerPerson"] = Circuits.ToString(CultureInfo.InvariantCulture) };
        await using var portal = await PortalServer.StartAsync(run, data, settings, cancellationToken);
        await using var browser = await BrowserSession.LaunchAsync(portal.BaseAddress, processPerSite: true);
        var people = new List<IBrowserContext>();
        foreach (var member in members) people.Add(await browser.NewContextAsync(await browser.SignInAsync(member)));
        // people[0] (member@) holds the probe pages, whose drafts the round trips dirty; the others only hold circuits open.
        IBrowserContext Holder(int page) => page < ProbePages ? people[0] : people[1 + page % (people.Count - 1)];

        var warmUp = await OpenAsync(Enumerable.Range(ProbePages, WarmUpCircuits).Select(Holder), slug);
        foreach (var page in warmUp) await BrowserPositionForm.CloseAsync(page);
        var probe = await BrowserPositionForm.OpenAsync(Holder(0), slug);
        await BrowserPositionForm.RoundTripsAsync(probe, 2 * RoundTripsPerPage);
        var alone = await BrowserPositionForm.RoundTripsAsync(probe, RoundTripsPerPage);
        var before = await SettledAsync(portal);
        var liveBefore = LiveObjects.Walk(portal.ProcessId);

        var pages = new List<IPage> { probe };
        pages.AddRange(await OpenAsync(Enumerable.Range(1, Circuits - 1).Select(Holder), slug));
        var after = await SettledAsync(portal);
        var liveAfter = LiveObjects.Walk(portal.ProcessId);
        var loaded = new List<double>();
        foreach (var page in pages.Take(ProbePages)) loaded.AddRange(await BrowserPositionForm.RoundTripsAsync(page, RoundTripsPerPage));
        return new CircuitRun(before with { Live = liveBefore }, after with { Live = liveAfter }, Circuits - 1,
            [.. alone.Order()], [.. loaded.Order()]);
    }

    /// <summary>Opens the pages a few at a time, as many people arriving together would, until each is interactive.</summary>
    private static async Task<List<IPage>> OpenAsync(IEnumerable<IBrowserContext> holders, string slug)
    {
        var pages = new List<IPage>();
        foreach (var batch in holders.Chunk(OpenAtOnce))
            pages.AddRange(await Task.WhenAll(batch.Select(person => BrowserPositionForm.OpenAsync(person, slug))));
        return pages;
    }

    /// <summary>The portal's memory once quiet: the server GC returns memory lazily, so the lowest of a few readings.</summary>
    private static async Task<Memory> SettledAsync(PortalServer portal)
    {
        await Task.Delay(TimeSpan.FromSeconds(5));
        var readings = new List<(long Resident, MemoryMap Map)>();
        for (var i = 0; i < 5; i++)
        {
            readings.Add((portal.ResidentBytes(), MemoryMap.Read(portal.ProcessId)));
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        return new Memory(readings.Min(r => r.Resident), readings.Min(r => r.Map.ManagedHeap), Map: readings[^1].Map);
    }

    private static void Report(ScenarioReport report, List<CircuitRun> runs)
    {
        var perCircuit = Figures.Median(runs.Select(r => r.PerCircuit(m => m.Resident)!.Value));
        var managed = runs.Select(r => r.PerCircuit(m => m.ManagedHeap)).ToList();
        report.Add("Server memory per open circuit (resident)", Kb(perCircuit), target: "≤ 400 KB", met: perCircuit <= TargetBytes)
            .Add("of which the GC heap", managed.All(m => m.HasValue) ? Kb(Figures.Median(managed.Select(m => m!.Value))) : "not found")
            .Add("of which objects still reachable", Kb(Figures.Median(runs.Select(r => r.PerCircuit(m => m.Live!.Bytes)!.Value))))
            .Add("Circuits in 2 GiB (at the resident figure)", Invariant($"{TwoGiB / perCircuit:N0}"));
        foreach (var percent in new[] { 50, 95, 99 })
        {
            var loaded = Figures.Median(runs.Select(r => Figures.Percentile(r.Loaded, percent)));
            var alone = Figures.Median(runs.Select(r => Figures.Percentile(r.Alone, percent)));
            report.Add($"UI round trip p{percent}, {Circuits} circuits open", Invariant($"{loaded:F1} ms"), Invariant($"{alone:F1} ms (1 circuit)"),
                Invariant($"{loaded / alone:F2}×"));
        }
        var median = runs.OrderBy(r => r.PerCircuit(m => m.Resident)).ElementAt(runs.Count / 2);
        report.Note($"The portal's resident memory went from {Mib(median.Before.Resident)} (one circuit, after the warm-up) to " +
                    $"{Mib(median.After.Resident)} ({Circuits} circuits); its GC heap's resident part from {Mib(median.Before.ManagedHeap)} " +
                    $"to {Mib(median.After.ManagedHeap)} (the run with the median figure).")
            .Note("Every member signs in once through the login form over http://127.0.0.1 (Chromium accepts the portal's __Host- Secure " +
                  "cookies there, 127.0.0.1 being a secure context); the pages reuse the contexts' cookies.")
            .Note($"The per-person cap on circuits (Consultation:Circuits:MaxPerPerson, 10) was raised to {Circuits} for this scenario, so that the archive's few member accounts can hold them all.")
            .Note("The managed heap is the resident part of the GC's reserved range in /proc/<pid>/smaps: the portal exposes no counters, and the benchmark adds no endpoint.")
            .Note("Objects still reachable: the portal's managed objects walked from its GC roots with ClrMD (Microsoft.Diagnostics.Runtime; the " +
                  "process suspended for the walk), once with one circuit and once with all. The GC heap's growth beyond them is garbage not yet " +
                  "collected and the room the GC keeps; the resident growth beyond the GC heap is memory outside it (native allocations, " +
                  "compiled code). What grew most per circuit (run with the median figure): " +
                  string.Join("; ", median.After.Live!.GrowthSince(median.Before.Live!, median.Added, 12).Select(t => Invariant($"`{t.Type}` {t.Bytes / 1024:F1} KB"))) + ".")
            .Note("Resident growth per circuit by kind of mapping (/proc/<pid>/smaps, read with the other figures; run with the median figure): " +
                  string.Join("; ", median.After.Map!.GrowthSince(median.Before.Map!, median.Added, 8).Select(k => Invariant($"{k.Kind} {k.BytesEach / 1024:F1} KB"))) +
                  Invariant($". Threads: {median.Before.Map!.Threads} with one circuit, {median.After.Map!.Threads} with all; SQLite connections open: ") +
                  Invariant($"{median.Before.Map!.DatabaseConnections} and {median.After.Map!.DatabaseConnections}."))
            .Note("Under load the median round trip can come out shorter than alone, probably because the keep-alive pings of hundreds of connections keep the " +
                  "server's and the browser's threads awake, where a lone circuit's next message often wakes an idle thread. The tails (p95, p99) show the load.")
            .Note("Chromium runs with --process-per-site (one renderer per member instead of one per page), which keeps hundreds of pages in memory; each page still holds its own circuit and WebSocket.");
    }

    private static string Kb(double bytes) => Invariant($"{bytes / 1024:N0} KB");

    private static string Mib(long? bytes) => bytes is { } b ? Invariant($"{b / 1048576.0:F0} MiB") : "(not found)";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Memory(long Resident, long? ManagedHeap, LiveObjects? Live = null, MemoryMap? Map = null);

    /// <param name="Added">Circuits opened between the two readings.</param>
    /// <param name="Alone">Round trips with one circuit open, ascending.</param>
    /// <param name="Loaded">Round trips with all open, ascending.</param>
    private sealed record CircuitRun(Memory Before, Memory After, int Added, double[] Alone, double[] Loaded)
    {
        public double? PerCircuit(Func<Memory, long?> part) => (part(After) - part(Before)) / (double)Added;
    }
}
