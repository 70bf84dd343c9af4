using System.Diagnostics;
using System.Globalization;
using Consultation.Application.Persistence.Sqlite;
using Consultation.Application.Search;
using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;
using Microsoft.Data.Sqlite;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// Scenario 2: the public search API over the whole archive, against the bare FTS5 query on the same file: the best 50
/// matches by rank with their snippets, the least any search page must do.
/// </summary>
public sealed class SearchScenario : IScenario
{
    private const int Rounds = 10;
    private const int Limit = 50;

    public string Name => "search";

    public async Task<ScenarioReport> RunAsync(BenchmarkRun run, GeneratedArchive archive, CancellationToken cancellationToken)
    {
        var report = new ScenarioReport("2. Search",
            $"{archive.Queries.Count} typical queries ({string.Join(", ", archive.Queries.Select(q => $"`{q}`"))}), each {Rounds} times per run, one at a " +
            $"time: `GET /api/v1/search?q=…` (first page, {Limit} hits) on the published portal, against the raw FTS5 statement on the same database file " +
            $"in this process: `SELECT rowid, snippet(…) FROM SearchText WHERE SearchText MATCH … ORDER BY rank LIMIT {Limit}`, with the same match expression.");
        await using var portal = await PortalServer.StartAsync(run, archive.DataDirectory, cancellationToken: cancellationToken);
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        await using var raw = new SqliteConnection($"Data Source={archive.DatabaseFile};Mode=ReadOnly");
        await raw.OpenAsync(cancellationToken);

        var matched = new Dictionary<string, long>();
        foreach (var query in archive.Queries)   // warm both, and learn how much each query matches
        {
            await ApiAsync(http, query, cancellationToken);
            matched[query] = await CountAsync(raw, query, cancellationToken);
            await RawAsync(raw, query, cancellationToken);
        }

        var api = new List<double[]>();
        var bare = new List<double[]>();
        for (var i = 0; i < run.Options.Runs; i++)
        {
            var apiTimes = new List<double>();
            var rawTimes = new List<double>();
            for (var round = 0; round < Rounds; round++)
                foreach (var query in archive.Queries)
                {
                    apiTimes.Add(await TimeAsync(() => ApiAsync(http, query, cancellationToken)));
                    rawTimes.Add(await TimeAsync(() => RawAsync(raw, query, cancellationToken)));
                }
            api.Add([.. apiTimes.Order()]);
            bare.Add([.. rawTimes.Order()]);
            BenchmarkRun.Say($"  run {i + 1}: api p95 {Figures.Percentile(api[^1], 95):F1} ms, raw p95 {Figures.Percentile(bare[^1], 95):F1} ms");
        }

        foreach (var percent in new[] { 50, 95, 99 })
        {
            var a = Figures.Median(api.Select(t => Figures.Percentile(t, percent)));
            var b = Figures.Median(bare.Select(t => Figures.Percentile(t, percent)));
            if (percent == 95)
                report.Add($"p{percent}", ArchiveReading.Ms(a), ArchiveReading.Ms(b), $"{a / b:F2}x", "≤ 2x raw and < 50 ms", a <= 2 * b && a < 50);
            else
                report.Add($"p{percent}", ArchiveReading.Ms(a), ArchiveReading.Ms(b), $"{a / b:F2}x");
        }
        report.Note("Matches per query in the archive: " + string.Join(", ", matched.Select(m => $"`{m.Key}` {m.Value.ToString("N0", CultureInfo.InvariantCulture)}")) + ".");
        return report;
    }

    private static async Task ApiAsync(HttpClient http, string query, CancellationToken cancellationToken)
    {
        using var response = await http.GetAsync($"api/v1/search?q={Uri.EscapeDataString(query)}&limit={Limit}", cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static async Task RawAsync(SqliteConnection connection, string query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            SELECT rowid, snippet("SearchText", 1, char(2), char(3), '…', 32) FROM "SearchText"
            WHERE "SearchText" MATCH $match ORDER BY rank LIMIT {Limit}
            """;
        command.Parameters.AddWithValue("$match", SqliteSearchIndex.MatchExpression(SearchTerms.Parse(query)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) reader.GetString(1);
    }

    private static async Task<long> CountAsync(SqliteConnection connection, string query, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = """SELECT count(*) FROM "SearchText" WHERE "SearchText" MATCH $match""";
        command.Parameters.AddWithValue("$match", SqliteSearchIndex.MatchExpression(SearchTerms.Parse(query)));
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var clock = Stopwatch.StartNew();
        await action();
        return clock.Elapsed.TotalMilliseconds;
    }
}
