using System.Diagnostics;
using System.Text.RegularExpressions;
using Consultation.Testing;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// The built portal as an operator runs it: <c>dotnet Consultation.Web.dll</c>, a process of its own, configured by
/// environment variables, on a data directory that outlives it. <see cref="Kill"/> ends it with SIGKILL (no shutdown,
/// no flush, no disposal): what it had not written by then is lost, as in a crash.
/// </summary>
public sealed partial class PortalProcess : IDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TextWriter _log;

    private PortalProcess(Process process, TextWriter log)
    {
        _process = process;
        _log = log;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Starts the portal on <paramref name="dataDirectory"/> (seeding the demo data into an empty one) and waits until it listens.</summary>
    /// <param name="log">Receives the portal's output, line by line.</param>
    public static async Task<PortalProcess> StartAsync(string dataDirectory, TextWriter log, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = dataDirectory };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Consultation.Web.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        // As `dotnet run` starts it: a build output (not a published one) serves its static assets in Development only.
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["Consultation__DataDirectory"] = dataDirectory;
        start.Environment["Consultation__SeedDemoData"] = "true";
        start.Environment["Consultation__DemoPassword"] = PortalFactory.DemoPassword;
        start.Environment["Consultation__NotificationInterval"] = "00:00:00";
        // The test signs in and reads the API from one address far more often than a person would.
        start.Environment["Consultation__RateLimits__PermitLimit"] = "100000";
        start.Environment["Consultation__RateLimits__AccountPermitLimit"] = "100000";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        start.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";

        var portal = new PortalProcess(Process.Start(start)!, log);
        portal._process.OutputDataReceived += (_, line) => portal.Read(line.Data);
        portal._process.ErrorDataReceived += (_, line) => portal.Read(line.Data);
        portal._process.BeginOutputReadLine();
        portal._process.BeginErrorReadLine();
        var exited = portal._process.WaitForExitAsync();
        var first = await Task.WhenAny(portal._listening.Task, exited, Task.Delay(timeout));
        if (first != portal._listening.Task)
        {
            portal.Kill();
            throw new InvalidOperationException(first == exited
                ? $"The portal exited with {portal._process.ExitCode} before it listened; its output is in the log."
                : $"The portal did not listen within {timeout.TotalSeconds} s.");
        }
        portal.BaseAddress = await portal._listening.Task;
        return portal;
    }

    private void Read(string? line)
    {
        if (line is null) return;
        lock (_log) _log.WriteLine(line);
        if (ListeningOn().Match(line) is { Success: true } match) _listening.TrySetResult(new Uri(match.Groups[1].Value + "/"));
    }

    /// <summary>SIGKILL on Linux: the process ends at once, in whatever it was doing.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    [GeneratedRegex(@"Now listening on: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();
}
