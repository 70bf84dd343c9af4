using Consultation.Application.Features.Consultations;
using Consultation.Application.Features.Ledger;
using Consultation.Application.Features.Search;
using Consultation.Benchmarks.Data;
using Consultation.Benchmarks.Harness;
using Microsoft.Data.Sqlite;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// The benchmarks' archive generator writes what the portal itself would: rows the portal reads back, an index that
/// matches its content (FTS5's own integrity check), and a ledger that verifies subject by subject. A small archive,
/// so that it runs with every test run; the benchmark command generates the large one the same way.
/// </summary>
public sealed class GeneratedArchiveTests(GeneratedArchiveTests.Small small) : IClassFixture<GeneratedArchiveTests.Small>
{
    private readonly string _folder = small.Folder;
    private GeneratedArchive Archive => small.Archive;

    /// <summary>Generated once for the class.</summary>
    public sealed class Small : IAsyncLifetime
    {
        public string Folder { get; } = Directory.CreateTempSubdirectory("consultation-generated-").FullName;
        public GeneratedArchive Archive { get; private set; } = null!;

        public async Task InitializeAsync() =>
            Archive = await new ArchiveGenerator(new ArchiveSize(3_000, 12, 20), DateTimeOffset.UtcNow).GenerateAsync(Folder, CancellationToken.None);

        public Task DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(Folder, recursive: true);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_generated_ledger_verifies_every_version_it_records()
    {
        await using var app = new PortalServices(_folder);
        var verified = await app.AskAsync(new VerifyLedger.Query(), CancellationToken.None);

        Assert.True(verified.IsIntact, verified.ToString());
        Assert.Equal(Archive.Versions, verified.EntriesChecked);
        Assert.Equal(Archive.Versions, verified.SubjectsChecked);
        Assert.True(Archive.Versions > Archive.Submissions, "some bodies' positions are revised");
    }

    [Fact]
    public async Task The_index_matches_the_content_and_the_typical_searches_find_submissions()
    {
        await using (var connection = new SqliteConnection($"Data Source={Archive.DatabaseFile}"))
        {
            await connection.OpenAsync();
            await using var check = connection.CreateCommand();
            check.CommandText = """INSERT INTO "SearchText" ("SearchText") VALUES ('integrity-check'); PRAGMA integrity_check;""";
            Assert.Equal("ok", await check.ExecuteScalarAsync());
            check.CommandText = """SELECT count(*) FROM "SearchDocuments" WHERE "SubmissionId" IS NOT NULL""";
            Assert.Equal((long)Archive.Submissions, await check.ExecuteScalarAsync());
        }

        await using var app = new PortalServices(_folder);
        foreach (var query in new[] { "DNSSEC", "\"registry operators\"" })
        {
            var found = await app.AskAsync(new SearchArchive.Query(query), CancellationToken.None);
            Assert.True(found.Total > 0, $"nothing found for {query}");
        }
    }

    [Fact]
    public async Task The_reading_consultation_shows_its_200_submissions_and_one_consultation_is_open_now()
    {
        await using var app = new PortalServices(_folder);
        var reading = await app.AskAsync(new ShowConsultation.Query(Archive.ReadingSlug), CancellationToken.None);
        var open = await app.AskAsync(new ShowConsultation.Query(Archive.OpenSlug), CancellationToken.None);

        Assert.Equal(GeneratedArchive.ReadingSubmissions, reading.Submissions.Count);
        Assert.Equal(Domain.Consultations.ConsultationStatus.OpenForComment, open.Status);
    }
}
