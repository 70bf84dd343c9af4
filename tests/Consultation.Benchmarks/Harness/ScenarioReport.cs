using Consultation.Benchmarks.Data;

namespace Consultation.Benchmarks.Harness;

/// <summary>
/// One scenario's section of docs/BENCHMARKS.md: how it was measured, a table of figures (each the median of the runs)
/// beside its baseline and target, and notes (what was seen, what changed a figure).
/// </summary>
public sealed class ScenarioReport(string title, string method)
{
    public string Title { get; } = title;
    public string Method { get; } = method;
    public List<Figure> Rows { get; } = [];
    public List<string> Notes { get; } = [];

    public ScenarioReport Add(string measure, string value, string baseline = "", string ratio = "", string target = "", bool? met = null)
    {
        Rows.Add(new Figure(measure, value, baseline, ratio, target, met));
        BenchmarkRun.Say($"  {measure}: {value}{(baseline.Length > 0 ? $" (baseline {baseline}, {ratio})" : "")}{(met is { } m ? m ? " - target met" : " - target MISSED" : "")}");
        return this;
    }

    public ScenarioReport Note(string note)
    {
        Notes.Add(note);
        BenchmarkRun.Say($"  note: {note}");
        return this;
    }

    public string ToMarkdown()
    {
        var text = new System.Text.StringBuilder();
        text.AppendLine($"## {Title}").AppendLine().AppendLine(Method).AppendLine();
        text.AppendLine("| Measure | Figure | Baseline | Ratio | Target | Met |").AppendLine("|---|---|---|---|---|---|");
        foreach (var row in Rows)
            text.AppendLine($"| {row.Measure} | {row.Value} | {row.Baseline} | {row.Ratio} | {row.Target} | {row.Met switch { true => "yes", false => "**no**", null => "" }} |");
        if (Notes.Count > 0) text.AppendLine().AppendJoin("", Notes.Select(n => $"- {n}\n"));
        return text.ToString();
    }
}

public sealed record Figure(string Measure, string Value, string Baseline, string Ratio, string Target, bool? Met);

/// <summary>A scenario: measures, with its baseline, in the same run.</summary>
public interface IScenario
{
    /// <summary>The name <c>--only</c> takes.</summary>
    string Name { get; }

    Task<ScenarioReport> RunAsync(BenchmarkRun run, GeneratedArchive archive, CancellationToken cancellationToken);
}
