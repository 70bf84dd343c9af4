using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;

namespace Consultation.Benchmarks.Scenarios;

public sealed class ArchiveReading : IScenario
{
    public string Name => "reading";

    public Task<ScenarioReport> RunAsync(BenchmarkRun run, GeneratedArchive archive, CancellationToken cancellationToken) =>
        throw new NotImplementedException("Not written yet.");
}
