using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Consultation.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// Nothing acknowledged may be lost. The built portal runs as a process of its own; people submit positions at the same
/// time through the real form in Chromium; the process is killed with SIGKILL at a random moment, started again on the
/// same data directory, and so on. After every restart and at the end, every submission whose receipt a person saw is
/// there with the content hash the receipt showed, SQLite finds the file whole and the ledger verifies.
/// </summary>
/// <remarks>
/// <c>CONSULTATION_CRASH_CYCLES</c> sets the number of kills (20 by default, for CI); <c>CONSULTATION_CRASH_SEED</c>
/// replays the random moments of an earlier run, whose seed the test prints.
/// </remarks>
public sealed partial class CrashDurabilityTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Slug = "ksk-rollover-communication-plan";
    private const string SubmitPath = $"consultations/{Slug}/submit";
    /// <summary>
    /// How long a step may take before it counts as failed. Generous: on a loaded machine a first render after a restart
    /// is slow, and a wait costs nothing once the portal is killed (its pages are closed then).
    /// </summary>
    private const float StepTimeout = 60_000;
    /// <summary>How long a start may take (migrating and seeding the first time; on a loaded machine, any time).</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    /// <summary>Who submits at once: two representatives add versions to their body's one position, a member adds positions of their own.</summary>
    private readonly Submitter[] _submitters =
    [
        new("member@demo.example", speaksForBody: false),
        new("rep.ccnso@demo.example", speaksForBody: true),
        new("rep.jprs@demo.example", speaksForBody: true),
    ];

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("consultation-crash-").FullName;
    private readonly ConcurrentQueue<Receipt> _acknowledged = new();
    private int _submitClicks;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private StreamWriter _portalLog = null!;

    public async Task InitializeAsync()
    {
        _portalLog = new StreamWriter(Path.Combine(BrowserFixture.ArtifactsDirectory, "crash-durability-portal.log")) { AutoFlush = true };
        _playwright = await Playwright.CreateAsync();
        _browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    [Fact]
    public async Task Every_acknowledged_submission_survives_SIGKILL_at_random_moments_and_the_file_and_ledger_stay_whole()
    {
        var cycles = Setting("CONSULTATION_CRASH_CYCLES", 20);
        // A full-width seed: the seeded Random's first values follow small seeds almost linearly.
        var seed = Setting("CONSULTATION_CRASH_SEED", Random.Shared.Next());
        var random = new Random(seed);
        output.WriteLine($"{cycles} cycles, seed {seed} (CONSULTATION_CRASH_SEED={seed} replays the kill moments)");
        var whole = Stopwatch.StartNew();
        var killedMidSubmission = 0;

        for (var cycle = 1; cycle <= cycles; cycle++)
        {
            var started = Stopwatch.StartNew();
            using var portal = await PortalProcess.StartAsync(_dataDirectory, _portalLog, StartTimeout);
            var startup = started.Elapsed;
            await AssertNothingAcknowledgedIsLostAsync(portal.BaseAddress, $"after restart {cycle - 1}");
            var verified = started.Elapsed;
            if (cycle == 1)
                foreach (var submitter in _submitters) await SignInAsync(submitter, portal.BaseAddress);

            var before = _acknowledged.Count;
            var pages = new ConcurrentQueue<IPage>();
            using var killing = new CancellationTokenSource();
            var loops = _submitters.Select(s => SubmitUntilKilledAsync(s, portal.BaseAddress, cycle, pages, killing.Token)).ToList();
            // The moment is counted in what the people do, so that it falls anywhere in the submitting however fast or loaded
            // the machine is: a random time after a random number of receipts (none: while the forms load), or, every other
            // cycle on average, a few milliseconds after a click on Submit (while the request is on its way or in its transaction).
            // The first cycle always lets receipts in, so that every run has acknowledged submissions to look for.
            var afterClick = cycle > 1 && random.Next(2) == 0;
            var (count, then) = afterClick
                ? (random.Next(1, 4), TimeSpan.FromMilliseconds(random.Next(0, 300)))
                : (random.Next(cycle > 1 ? 0 : 1, 4), TimeSpan.FromMilliseconds(random.Next(0, 2_500)));
            var (clicksBefore, submitting) = (_submitClicks, Task.WhenAll(loops));
            while ((afterClick ? _submitClicks - clicksBefore : _acknowledged.Count - before) < count && !submitting.IsCompleted)
                await Task.Delay(5);
            await Task.WhenAny(submitting, Task.Delay(then));
            killing.Cancel();
            var inFlight = _submitters.Count(s => s.IsSubmitting);
            portal.Kill();
            killedMidSubmission += inFlight;
            // A receipt on screen before the kill is read; then the pages go (and every wait on a dead server with them).
            await Task.Delay(300);
            foreach (var page in pages) await page.CloseAsync();
            await Task.WhenAll(loops);
            var killed = started.Elapsed;

            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cycle {cycle}: started in {startup.TotalSeconds:0.0} s, verified at {verified.TotalSeconds:0.0} s, ended at {killed.TotalSeconds:0.0} s, killed {then.TotalSeconds:0.000} s after {(afterClick ? "click" : "receipt")} {count} with {inFlight} submit(s) in flight, {_acknowledged.Count - before} receipt(s) seen"));
        }

        using (var portal = await PortalProcess.StartAsync(_dataDirectory, _portalLog, StartTimeout))
        {
            await AssertNothingAcknowledgedIsLostAsync(portal.BaseAddress, $"after the last restart");
            await AssertEveryReceiptIsInTheLedgerAsync(portal.BaseAddress, _acknowledged);
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{_acknowledged.Count} receipts over {cycles} kills ({killedMidSubmission} submits in flight when killed) in {whole.Elapsed.TotalSeconds:0} s"));
        Assert.False(_acknowledged.IsEmpty, "No receipt was seen: the suite proved nothing.");
    }

    /// <summary>Opens the form, writes a position, submits, and reads the receipt, again and again until the portal is killed.</summary>
    private async Task SubmitUntilKilledAsync(Submitter submitter, Uri site, int cycle, ConcurrentQueue<IPage> pages, CancellationToken killed)
    {
        var page = await submitter.Context!.NewPageAsync();
        page.SetDefaultTimeout(StepTimeout);
        pages.Enqueue(page);
        try
        {
            for (var n = 1; !killed.IsCancellationRequested; n++)
            {
                await page.GotoAsync(new Uri(site, SubmitPath).ToString());
                await BrowserSteps.WaitUntilInteractiveAsync(page, StepTimeout);
                // A submit cut off by an earlier kill leaves the autosaved draft, which the form offers first.
                if (await page.GetByTestId("draft-offer").IsVisibleAsync())
                    await page.GetByRole(AriaRole.Button, new() { Name = "Start again" }).ClickAsync();
                if (submitter.SpeaksForBody) await page.GetByLabel("As the official position of").CheckAsync();
                await page.GetByLabel("Concerns").CheckAsync();
                await page.GetByLabel("Text (Markdown)").FillAsync(
                    $"Crash cycle {cycle}, position {n} of {submitter.Email}: the plan should give every rollover step a date in UTC.");

                submitter.IsSubmitting = true;
                Interlocked.Increment(ref _submitClicks);
                await page.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
                await Expect(page).ToHaveURLAsync(ReceiptUrl(), new() { Timeout = StepTimeout });
                var hash = await page.GetByTestId("content-hash").TextContentAsync();
                var url = ReceiptUrl().Match(page.Url);
                Assert.Matches(BrowserSteps.Sha256Hex(), hash);
                _acknowledged.Enqueue(new Receipt(Guid.Parse(url.Groups[1].Value), int.Parse(url.Groups[2].Value, CultureInfo.InvariantCulture), hash!, cycle));
                submitter.IsSubmitting = false;
            }
        }
        catch (Exception) when (killed.IsCancellationRequested)
        {
            // The portal was killed under this person's feet: what they had not seen acknowledged, they do not count on.
        }
        catch (Exception)
        {
            await BrowserSteps.ScreenshotAsync(page, "crash-durability-failed-" + submitter.Email.Split('@')[0]);
            throw;
        }
        finally
        {
            submitter.IsSubmitting = false;
        }
    }

    /// <summary>
    /// The portal as anyone reads it after a restart: the ledger verifies (every link, and every entry against its stored
    /// record), every receipt seen is a version with that exact content hash, versions are numbered without gaps, and SQLite's
    /// own check finds the file whole.
    /// </summary>
    private async Task AssertNothingAcknowledgedIsLostAsync(Uri site, string when)
    {
        using var http = new HttpClient { BaseAddress = site };
        var verification = await http.GetFromJsonAsync<JsonElement>("api/v1/ledger/verify");
        Assert.True(verification.GetProperty("isIntact").GetBoolean(), $"The ledger does not verify {when}: {verification}");

        var stored = new Dictionary<Guid, IReadOnlyList<(int Number, string Hash)>>();
        for (string? cursor = null; ;)
        {
            var page = await http.GetFromJsonAsync<JsonElement>(
                $"api/v1/consultations/{Slug}/submissions?limit=200{(cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor))}");
            foreach (var submission in page.GetProperty("items").EnumerateArray())
                stored[submission.GetProperty("id").GetGuid()] = submission.GetProperty("versions").EnumerateArray()
                    .Select(v => (v.GetProperty("number").GetInt32(), v.GetProperty("contentHash").GetString()!)).ToList();
            if (page.GetProperty("next").ValueKind == JsonValueKind.Null) break;
            cursor = page.GetProperty("next").GetString();
        }
        foreach (var receipt in _acknowledged)
        {
            Assert.True(stored.TryGetValue(receipt.SubmissionId, out var versions),
                $"Submission {receipt.SubmissionId} (receipt seen in cycle {receipt.Cycle}) is gone {when}.");
            Assert.True(versions.Contains((receipt.Version, receipt.ContentHash)),
                $"Version {receipt.Version} of {receipt.SubmissionId} with hash {receipt.ContentHash} (receipt seen in cycle {receipt.Cycle}) is not stored as acknowledged {when}; stored: {string.Join(", ", versions)}.");
        }
        foreach (var (id, versions) in stored)
            Assert.True(versions.Select(v => v.Number).Order().SequenceEqual(Enumerable.Range(1, versions.Count)),
                $"Submission {id} has versions {string.Join(", ", versions.Select(v => v.Number))} {when}: numbered with a gap or twice.");

        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(_dataDirectory, "consultation.db"), Mode = SqliteOpenMode.ReadOnly, Pooling = false,
        }.ToString());
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
    }

    /// <summary>Each receipt's hash, checked as its holder would at the ledger: an entry records exactly that version.</summary>
    private static async Task AssertEveryReceiptIsInTheLedgerAsync(Uri site, IEnumerable<Receipt> receipts)
    {
        using var http = new HttpClient { BaseAddress = site };
        foreach (var receipt in receipts)
        {
            var found = await http.GetFromJsonAsync<JsonElement>($"api/v1/ledger/receipts/{receipt.ContentHash}");
            Assert.Contains(found.GetProperty("entries").EnumerateArray(), entry =>
                entry.GetProperty("version") is { ValueKind: JsonValueKind.Object } version
                && version.GetProperty("submissionId").GetGuid() == receipt.SubmissionId
                && version.GetProperty("versionNumber").GetInt32() == receipt.Version);
        }
    }

    /// <summary>Signs in once: the cookie outlives the restarts (the data-protection keys live in the data directory).</summary>
    private async Task SignInAsync(Submitter submitter, Uri site)
    {
        submitter.Context = await _browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 } });
        var page = await submitter.Context.NewPageAsync();
        page.SetDefaultTimeout(StepTimeout);
        await page.GotoAsync(site.ToString());
        await BrowserSteps.SignInAsync(page, submitter.Email, StepTimeout);
        await page.CloseAsync();
    }

    private static int Setting(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out var value) && value > 0 ? value : fallback;

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _portalLog.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }

    private sealed class Submitter(string email, bool speaksForBody)
    {
        public string Email => email;
        public bool SpeaksForBody => speaksForBody;
        public IBrowserContext? Context { get; set; }
        public volatile bool IsSubmitting;
    }

    /// <summary>What a person was shown: the receipt page's submission, version and content hash.</summary>
    private sealed record Receipt(Guid SubmissionId, int Version, string ContentHash, int Cycle);

    [GeneratedRegex(@"/submissions/([0-9a-f-]{36})/receipt\?version=(\d+)$")]
    private static partial Regex ReceiptUrl();
}
