using Consultation.Application.DemoData;
using Consultation.Application.Features.Search;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Search;

public sealed class SearchIndexMigrationTests
{
    [Fact]
    public async Task Rows_written_before_the_index_existed_are_indexed_by_its_migration()
    {
        await using var app = AppHarness.Create();
        await app.InScopeAsync(async sp =>
        {
            await using (var db = app.NewDbContext())
            {
                var migrations = db.Database.GetMigrations().ToList();
                var before = migrations[migrations.FindIndex(m => m.EndsWith("_ArchiveSearchIndex", StringComparison.Ordinal)) - 1];
                await db.GetService<IMigrator>().MigrateAsync(before);
                // Every save now moves the archive revision, and the demo data marks its receipts emailed, in tables later
                // migrations make: they stand in while the rows are written, and go before those migrations run.
                await db.Database.ExecuteSqlRawAsync("""CREATE TABLE "ArchiveRevision" ("Id" INTEGER PRIMARY KEY, "Number" INTEGER, "ChangedAt" TEXT)""");
                await db.Database.ExecuteSqlRawAsync("""CREATE TABLE "ReceiptEmailProgress" ("Id" INTEGER PRIMARY KEY, "EmailedThrough" INTEGER)""");
            }
            var roles = sp.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in Roles.All) await roles.CreateAsync(new IdentityRole(role));
            await sp.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(CancellationToken.None);
            await using (var db = app.NewDbContext())
                await db.Database.ExecuteSqlRawAsync("""DROP TABLE "ArchiveRevision"; DROP TABLE "ReceiptEmailProgress";""");
        });

        await app.InitializeDatabaseAsync();

        await SearchTestBase.AssertIndexInStepAsync(app);
        Assert.Equal(12, (await app.SendAsync(new SearchArchive.Query("illustrative"))).Total);
        Assert.Equal("2 The DNS threat landscape", Assert.Single((await app.SendAsync(new SearchArchive.Query("landscape"))).Hits).Title);
    }

    /// <summary>The trigger that reads a new version's texts directly (no view) is undone to the one before it, and redone.</summary>
    [Fact]
    public async Task The_trigger_that_reads_the_version_itself_goes_back_to_the_view_and_forward_again()
    {
        await using var app = await AppHarness.StartAsync();
        await using var db = app.NewDbContext();
        var migrations = db.Database.GetMigrations().ToList();
        var index = migrations.FindIndex(m => m.EndsWith("_SearchTriggerReadsTheVersion", StringComparison.Ordinal));
        var migrator = db.GetService<IMigrator>();

        await migrator.MigrateAsync(migrations[index - 1]);
        Assert.Contains("\"SearchContent\"", await TriggerAsync(db));
        await migrator.MigrateAsync(migrations[index]);
        Assert.DoesNotContain("\"SearchContent\"", await TriggerAsync(db));
        Assert.Contains("NEW.\"Text\"", await TriggerAsync(db));
    }

    private static Task<string> TriggerAsync(ConsultationDbContext db) => db.Database
        .SqlQueryRaw<string>("""SELECT "sql" AS "Value" FROM "sqlite_master" WHERE "name" = 'SearchText_SubmissionVersion_Added'""").SingleAsync();
}
