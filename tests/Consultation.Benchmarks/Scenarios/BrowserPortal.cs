using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// The portal for a browser scenario, started on the scenario's own copy of the archive: the browser writes (sessions,
/// drafts, data-protection keys), and other scenarios read the archive itself.
/// </summary>
public static class BrowserPortal
{
    /// <summary>A fresh copy of the archive's data directory under the benchmark's artifacts, named for the scenario.</summary>
    public static string CopyArchive(BenchmarkRun run, GeneratedArchive archive, string scenario)
    {
        var copy = Path.Combine(run.Artifacts, $"data-{scenario}");
        if (Directory.Exists(copy)) Directory.Delete(copy, recursive: true);
        foreach (var file in Directory.EnumerateFiles(archive.DataDirectory, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(copy, Path.GetRelativePath(archive.DataDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        return copy;
    }
}
