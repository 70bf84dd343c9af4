using System.Globalization;
using System.Text;
using Consultation.Benchmarks.Data;

namespace Consultation.Benchmarks.Harness;

/// <summary>docs/BENCHMARKS.md: the machine, the date, the commit, the archive, then each scenario's section.</summary>
public static class BenchmarksDocument
{
    public static string Write(BenchmarkRun run, GeneratedArchive archive, IReadOnlyList<ScenarioReport> reports)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks").AppendLine()
            .AppendLine("Written by `dotnet run -c Release --project tests/Consultation.Benchmarks` (README, \"Performance\"). " +
                        "Every figure is the median of the runs; every baseline is measured in the same run, on the same machine.")
            .AppendLine()
            .AppendLine($"- **Date:** {DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)}")
            .AppendLine($"- **Commit:** {run.Commit}")
            .AppendLine($"- **Machine:** {BenchmarkRun.Machine()}")
            .AppendLine($"- **Runs per measurement:** {run.Options.Runs}")
            .AppendLine($"- **Archive:** {archive.Describe()}")
            .AppendLine();
        var missed = reports.SelectMany(r => r.Rows.Where(f => f.Met == false).Select(f => $"{r.Title}: {f.Measure}")).ToList();
        text.AppendLine(missed.Count == 0 ? "All targets met." : "Targets missed: " + string.Join("; ", missed) + ".").AppendLine();
        foreach (var report in reports) text.AppendLine(report.ToMarkdown());
        // What changed the figures, written by hand as the work is done (tests/Consultation.Benchmarks/HISTORY.md).
        var history = Path.Combine(run.Repository, "tests", "Consultation.Benchmarks", "HISTORY.md");
        if (File.Exists(history)) text.AppendLine(File.ReadAllText(history));
        return text.ToString();
    }
}
