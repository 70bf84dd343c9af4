using System.Diagnostics;
using Consultation.Benchmarks.Harness;

namespace Consultation.Benchmarks.Data;

/// <summary>Fills a database with a large archive. (First version: demo data only; the volume comes next.)</summary>
public static class ArchiveGenerator
{
    public static async Task<GeneratedArchive> EnsureAsync(BenchmarkRun run, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(run.Artifacts, "archive-demo");
        var clock = Stopwatch.StartNew();
        if (!File.Exists(Path.Combine(folder, "consultation.db")))
        {
            Directory.CreateDirectory(folder);
            await using var app = new PortalServices(folder);
            await app.InitializeAsync(cancellationToken);
        }
        return new GeneratedArchive(folder, 0, 0, 3, 14, 9, "dns-cert-business-case-2010", "ksk-rollover-communication-plan",
            ["dnssec", "root zone"], clock.Elapsed, new FileInfo(Path.Combine(folder, "consultation.db")).Length);
    }
}
