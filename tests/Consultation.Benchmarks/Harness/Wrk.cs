using System.Globalization;
using System.Text.RegularExpressions;

namespace Consultation.Benchmarks.Harness;

/// <summary>
/// wrk, the HTTP load generator (Debian's package, installed when missing as the tests install Chromium): a fixed
/// number of connections kept busy for a fixed time, with its latency distribution.
/// </summary>
public static partial class Wrk
{
    public sealed record Result(double RequestsPerSecond, double P50Milliseconds, double P99Milliseconds, long Requests, long Errors);

    public static void EnsureInstalled()
    {
        if (File.Exists("/usr/bin/wrk")) return;
        BenchmarkRun.Say("Installing Debian's wrk...");
        var sudo = Environment.UserName == "root" ? "" : "sudo ";
        BenchmarkRun.Run("sh", $"-c \"{sudo}apt-get update -qq && DEBIAN_FRONTEND=noninteractive {sudo}apt-get install -y -qq wrk\"", "/");
    }

    /// <summary>What every browser sends: readers' pages and files may come compressed, as they would to a browser.</summary>
    public const string AcceptEncoding = "gzip, deflate, br";

    public static Result Run(Uri url, int connections, TimeSpan duration, int threads = 2)
    {
        var output = BenchmarkRun.Run("/usr/bin/wrk",
            $"-t{threads} -c{connections} -d{(int)duration.TotalSeconds}s --latency --timeout 10s -H \"Accept-Encoding: {AcceptEncoding}\" {url}", "/");
        var errors = Count(NonSuccess(), output) + Count(SocketErrors(), output);
        return new Result(
            double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture),
            Milliseconds(Percentile(output, "50%")), Milliseconds(Percentile(output, "99%")),
            long.Parse(Requests().Match(output).Groups[1].Value, CultureInfo.InvariantCulture), errors);
    }

    private static string Percentile(string output, string which) =>
        Regex.Match(output, $@"^\s*{Regex.Escape(which)}\s+(\S+)\s*$", RegexOptions.Multiline).Groups[1].Value;

    /// <summary>wrk prints 812.00us, 3.41ms or 1.02s.</summary>
    private static double Milliseconds(string value)
    {
        var unit = Unit().Match(value);
        var number = double.Parse(unit.Groups[1].Value, CultureInfo.InvariantCulture);
        return unit.Groups[2].Value switch { "us" => number / 1000, "ms" => number, "s" => number * 1000, "m" => number * 60_000, _ => throw new FormatException(value) };
    }

    private static long Count(Regex pattern, string output) =>
        pattern.Matches(output).Sum(m => m.Groups.Values.Skip(1).Sum(g => long.TryParse(g.Value, CultureInfo.InvariantCulture, out var n) ? n : 0));

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")] private static partial Regex RequestsPerSecond();
    [GeneratedRegex(@"(\d+) requests in")] private static partial Regex Requests();
    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")] private static partial Regex NonSuccess();
    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")] private static partial Regex SocketErrors();
    [GeneratedRegex(@"^([\d.]+)(us|ms|s|m)$")] private static partial Regex Unit();
}
