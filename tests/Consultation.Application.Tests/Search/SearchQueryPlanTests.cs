using Consultation.Application.Persistence.Sqlite;
using Consultation.Application.Search;
using Consultation.Domain.Bodies;
using Consultation.Domain.Submissions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Search;

/// <summary>
/// The search must stay fast over a million submissions: FTS5 drives the query and yields the page in the order asked
/// for (newest first, or by rank), so SQLite never sorts the matches in a temporary B-tree, whatever the filters.
/// </summary>
public sealed class SearchQueryPlanTests(AppHarness app) : IClassFixture<AppHarness>
{
    public static TheoryData<string, SearchOrder> Filters()
    {
        var data = new TheoryData<string, SearchOrder>();
        foreach (var filters in new[] { "none", "consultation", "stance", "kind", "body", "dates", "all" })
            foreach (var order in Enum.GetValues<SearchOrder>())
                data.Add(filters, order);
        return data;
    }

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task The_match_drives_the_query_and_nothing_is_sorted_outside_FTS(string filters, SearchOrder order)
    {
        var filter = filters switch
        {
            "none" => new SearchFilter(),
            "consultation" => new SearchFilter(ConsultationId: Guid.NewGuid()),
            "stance" => new SearchFilter(Stance: Stance.Oppose),
            "kind" => new SearchFilter(BodyKind: BodyKind.Registry),
            "body" => new SearchFilter(BodyId: Guid.NewGuid()),
            "dates" => new SearchFilter(SubmittedFrom: DateTimeOffset.UnixEpoch, SubmittedBefore: DateTimeOffset.UtcNow),
            _ => new SearchFilter(Guid.NewGuid(), Stance.Oppose, BodyKind.Registry, Guid.NewGuid(), DateTimeOffset.UnixEpoch, DateTimeOffset.UtcNow),
        };

        var plan = await PlanAsync(SqliteSearchIndex.PageSql(filter, order));

        Assert.StartsWith("SCAN SearchText VIRTUAL TABLE INDEX", plan[0]);
        Assert.All(plan.Skip(1), step => Assert.Contains("USING INTEGER PRIMARY KEY", step));
        Assert.DoesNotContain(plan, step => step.Contains("TEMP B-TREE", StringComparison.Ordinal));
    }

    private async Task<IReadOnlyList<string>> PlanAsync(string sql)
    {
        await using var db = app.NewDbContext();
        await db.Database.OpenConnectionAsync();
        await using var command = (SqliteCommand)db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        // EXPLAIN only needs every parameter bound, not meaningful values.
        foreach (var name in new[] { "$match", "$consultation", "$stance", "$kind", "$body", "$from", "$before", "$take", "$skip" })
            if (sql.Contains(name, StringComparison.Ordinal)) command.Parameters.AddWithValue(name, name is "$take" or "$skip" ? 20 : "\"dns\"");
        var steps = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) steps.Add(reader.GetString(3));
        return steps;
    }
}
