using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Consultation.Benchmarks.Harness;

/// <summary>
/// The portal as an operator runs it: published (Release), started as its own process in Production on a data
/// directory, listening on a free loopback port. Rate limits are raised, because every benchmark client reads from one
/// address far faster than a person would; nothing else is changed.
/// </summary>
public sealed partial class PortalServer : IAsyncDisposable
{
    public const string DemoPassword = "tidal-orchid-41-lantern-quiet";

    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter _log;

    private PortalServer(Process process, StreamWriter log)
    {
        _process = process;
        _log = log;
    }

    public Uri BaseAddress { get; private set; } = null!;
    public int ProcessId => _process.Id;

    /// <summary>From the process's start to its "Now listening" line.</summary>
    public TimeSpan StartedIn { get; private set; }

    /// <summary>Publishes the portal once per benchmark run (dotnet publish -c Release) and returns the folder.</summary>
    public static string Publish(BenchmarkRun run)
    {
        var folder = Path.Combine(run.Artifacts, "portal");
        if (File.Exists(Path.Combine(folder, "Consultation.Web.dll")) && PublishedThisRun) return folder;
        BenchmarkRun.Say("Publishing the portal (Release)...");
        BenchmarkRun.Run("dotnet", $"publish src/Consultation.Web/Consultation.Web.csproj -c Release -o \"{folder}\" -v q -nologo", run.Repository);
        PublishedThisRun = true;
        return folder;
    }

    private static bool PublishedThisRun { get; set; }

    /// <param name="settings">Further configuration, as environment variables (<c>Consultation__X</c>).</param>
    public static async Task<PortalServer> StartAsync(BenchmarkRun run, string dataDirectory, IReadOnlyDictionary<string, string>? settings = null,
        CancellationToken cancellationToken = default)
    {
        var published = Publish(run);
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = published, UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(published, "Consultation.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["Consultation__DataDirectory"] = dataDirectory;
        start.Environment["Consultation__SeedDemoData"] = "false";
        start.Environment["Consultation__RateLimits__PermitLimit"] = "100000000";
        start.Environment["Consultation__RateLimits__AccountPermitLimit"] = "100000000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>()) start.Environment[name] = value;

        var log = new StreamWriter(Path.Combine(run.Artifacts, "portal.log"), append: true) { AutoFlush = true };
        var clock = Stopwatch.StartNew();
        var portal = new PortalServer(Process.Start(start)!, log);
        portal._process.OutputDataReceived += (_, line) => portal.Read(line.Data);
        portal._process.ErrorDataReceived += (_, line) => portal.Read(line.Data);
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        var exited = portal._process.WaitForExitAsync(cancellationToken);
        var first = await Task.WhenAny(portal._listening.Task, exited, Task.Delay(TimeSpan.FromMinutes(2), cancellationToken));
        if (first != portal._listening.Task)
        {
            await portal.DisposeAsync();
            throw new InvalidOperationException($"The portal did not start (see {Path.Combine(run.Artifacts, "portal.log")}).");
        }
        portal.StartedIn = clock.Elapsed;
        portal.BaseAddress = await portal._listening.Task;
        return portal;
    }

    /// <summary>The process's resident memory (VmRSS), in bytes.</summary>
    public long ResidentBytes()
    {
        var line = File.ReadLines($"/proc/{_process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }

    private void Read(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
        if (ListeningOn().Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        lock (_log) _log.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
