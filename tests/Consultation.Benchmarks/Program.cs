using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;
using Consultation.Benchmarks.Scenarios;

namespace Consultation.Benchmarks;

/// <summary>
/// The benchmark harness: generates (or reuses) a large archive, runs every scenario against its baseline in the same
/// run, and writes docs/BENCHMARKS.md. See the README, "Performance". (A named class, not top-level statements, so that
/// the tests that reference this project see the web project's Program only.)
/// </summary>
internal static class BenchmarkProgram
{
    private static async Task<int> Main(string[] args)
    {
        BenchmarkOptions options;
        try
        {
            options = BenchmarkOptions.Parse(args);
        }
        catch (ArgumentException wrong)
        {
            Console.Error.WriteLine(wrong.Message);
            Console.Error.WriteLine(string.Join(Environment.NewLine, BenchmarkOptions.Usage));
            return 2;
        }

        var run = BenchmarkRun.Start(options);
        var archive = await ArchiveGenerator.EnsureAsync(run, CancellationToken.None);
        IScenario[] scenarios = [new ArchiveReading(), new SearchScenario(), new IngestScenario(), new CircuitScenario(), new StartUpScenario()];
        var reports = new List<ScenarioReport>();
        foreach (var scenario in scenarios.Where(s => options.Includes(s.Name)))
        {
            BenchmarkRun.Say($"Scenario: {scenario.Name}");
            reports.Add(await scenario.RunAsync(run, archive, CancellationToken.None));
        }

        var document = BenchmarksDocument.Write(run, archive, reports);
        var target = options.Only.Count == 0 ? Path.Combine(run.Repository, "docs", "BENCHMARKS.md") : Path.Combine(run.Artifacts, "BENCHMARKS.partial.md");
        await File.WriteAllTextAsync(target, document);
        BenchmarkRun.Say($"Wrote {Path.GetRelativePath(run.Repository, target)}");
        return 0;
    }
}
