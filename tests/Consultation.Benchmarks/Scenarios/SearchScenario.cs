using System.Diagnostics;
using System.Globalization;
using Consultation.Application.Persistence.Sqlite;
using Consultation.Application.Search;
using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;
using Microsoft.Data.Sqlite;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// Scenario 2: the public search API over the whole archive, in each order, against the bare statement the portal's
/// index runs for that order (<see cref="SqliteSearchIndex.PageSql"/>) on the same file: a page of 50 matches with their
/// snippets, the least any search must do. The target is on the default order, newest first; best match first is
/// measured beside it.
/// </summary>
public sealed class SearchScenario : IScenario
{
    private const int Rounds = 10;
    private const int Limit = 50;

    public string Name => "search";

    public async Task<ScenarioReport> RunAsync(BenchmarkRun run, GeneratedArchive archive, CancellationToken cancellationToken)
    {
        var report = new ScenarioReport("2. Search",
            $"{archive.Queries.Count} typical queries ({string.Join(", ", archive.Queries.Select(q => $"`{q}`"))}), each {Rounds} times per run and " +
            $"order, one at a time: `GET /api/v1/search?q=…` (first page, {Limit} hits; newest first by default, `&order=BestMatch` for the " +
            $"closest first) on the published portal, against the statement the portal's index runs for that order, bare, on the same database " +
            $"file in this process: `SELECT … snippet(…) FROM SearchText CROSS JOIN SearchDocuments … WHERE SearchText MATCH … ORDER BY rowid DESC` " +
            $"(or `ORDER BY rank`) `LIMIT {Limit + 1}`, with the match expression the index makes, also bare: a prefix such as `accountab*` spelled " +
            $"out as the words the index holds (`SqliteSearchIndex.MatchAsync`, a look-up in the fts5vocab table `SearchTextTerms`), as the portal " +
            $"does. The API counts nothing; a list goes as far as its first {ISearchIndex.ResultLimit:N0} matches.");
        await using var portal = await PortalServer.StartAsync(run, archive.DataDirectory, cancellationToken: cancellationToken);
        using var http = new HttpClient { BaseAddress = portal.BaseAddress };
        await using var raw = new SqliteConnection($"Data Source={archive.DatabaseFile};Mode=ReadOnly");
        await raw.OpenAsync(cancellationToken);

        var matched = new Dictionary<string, long>();
        foreach (var query in archive.Queries)   // warm both, and learn how much each query matches
        {
            matched[query] = await CountAsync(raw, query, cancellationToken);
            foreach (var order in Enum.GetValues<SearchOrder>())
            {
                await ApiAsync(http, query, order, cancellationToken);
                await RawAsync(raw, query, order, cancellationToken);
            }
        }

        foreach (var order in Enum.GetValues<SearchOrder>())
        {
            var api = new List<double[]>();
            var bare = new List<double[]>();
            for (var i = 0; i < run.Options.Runs; i++)
            {
                var apiTimes = new List<double>();
                var rawTimes = new List<double>();
                for (var round = 0; round < Rounds; round++)
                    foreach (var query in archive.Queries)
                    {
                        apiTimes.Add(await TimeAsync(() => ApiAsync(http, query, order, cancellationToken)));
                        rawTimes.Add(await TimeAsync(() => RawAsync(raw, query, order, cancellationToken)));
                    }
                api.Add([.. apiTimes.Order()]);
                bare.Add([.. rawTimes.Order()]);
                BenchmarkRun.Say($"  {order}, run {i + 1}: api p95 {Figures.Percentile(api[^1], 95):F1} ms, raw p95 {Figures.Percentile(bare[^1], 95):F1} ms");
            }

            var name = order == SearchOrder.Newest ? "newest first" : "best match first";
            foreach (var percent in new[] { 50, 95, 99 })
            {
                var a = Figures.Median(api.Select(t => Figures.Percentile(t, percent)));
                var b = Figures.Median(bare.Select(t => Figures.Percentile(t, percent)));
                if (percent == 95 && order == SearchOrder.Newest)
                    report.Add($"p{percent}, {name}", ArchiveReading.Ms(a), ArchiveReading.Ms(b), $"{a / b:F2}x", "≤ 2x raw and < 50 ms", a <= 2 * b && a < 50);
                else
                    report.Add($"p{percent}, {name}", ArchiveReading.Ms(a), ArchiveReading.Ms(b), $"{a / b:F2}x");
            }
        }
        report.Note("Matches per query in the archive: " + string.Join(", ", matched.Select(m => $"`{m.Key}` {m.Value.ToString("N0", CultureInfo.InvariantCulture)}")) + ".");
        report.Note("Best match first ranks every match (bm25) before the first is shown, so its time grows with the matches; it has no target.");
        return report;
    }

    private static async Task ApiAsync(HttpClient http, string query, SearchOrder order, CancellationToken cancellationToken)
    {
        var ordered = order == SearchOrder.Newest ? "" : $"&order={order}";
        using var response = await http.GetAsync($"api/v1/search?q={Uri.EscapeDataString(query)}&limit={Limit}{ordered}", cancellationToken);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static async Task RawAsync(SqliteConnection connection, string query, SearchOrder order, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SqliteSearchIndex.PageSql(new SearchFilter(), order);
        command.Parameters.AddWithValue("$match", await SqliteSearchIndex.MatchAsync(connection, null, SearchTerms.Parse(query), cancellationToken));
        command.Parameters.AddWithValue("$take", Limit + 1);
        command.Parameters.AddWithValue("$skip", 0);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) reader.GetString(3);
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
