using System.Text.RegularExpressions;
using Consultation.Application.DemoData;
using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Domain.Ledger;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests;

public sealed partial class DemoDataTests(AppHarness app) : IClassFixture<AppHarness>
{
    [Fact]
    public async Task Seeding_again_duplicates_nothing()
    {
        var before = await CountsAsync(app);
        Assert.Equal(8, before["people"]);

        await app.InitializeDatabaseAsync();

        Assert.Equal(before, await CountsAsync(app));
    }

    [Fact]
    public async Task The_ledger_verifies_and_records_every_submission_version()
    {
        await using var db = app.NewDbContext();
        var ledger = await db.Ledger.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        var versions = await db.SubmissionVersions.AsNoTracking().ToListAsync();

        var verification = LedgerVerification.Of(ledger);
        Assert.True(verification.IsIntact, verification.Problem);
        Assert.Equal(ledger.Count, verification.EntriesChecked);
        Assert.Equal(13, versions.Count); // 12 submissions, one of them (ISOC on the DNS-CERT case) revised once
        Assert.All(versions, v => Assert.Contains(ledger,
            e => e.Kind == LedgerEntryKind.SubmissionVersion && e.SubjectId == v.Id && e.ContentHash == v.ContentHash));
    }

    [Fact]
    public async Task The_consensus_record_names_the_ledger_head_just_before_its_own_entry()
    {
        await using var db = app.NewDbContext();
        var ledger = await db.Ledger.AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        var record = await db.ConsensusRecords.AsNoTracking().SingleAsync();

        var own = ledger.FindIndex(e => e.Kind == LedgerEntryKind.RecordPublished && e.SubjectId == record.Id);
        Assert.True(own > 0, "The record's publication is in the ledger, after what it records.");
        Assert.Equal(ledger[own - 1].Hash, record.LedgerHeadHash);
        Assert.Equal(LedgerContent.Of(record), ledger[own].ContentHash);
    }

    [Fact]
    public async Task The_configured_demo_password_signs_in_every_demo_account_and_is_never_logged()
    {
        await app.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Person>>();
            foreach (var account in DemoDataSeeder.Accounts)
            {
                var person = await users.FindByEmailAsync(account.Email);
                Assert.NotNull(person);
                Assert.True(await users.CheckPasswordAsync(person, AppHarness.DemoPassword), account.Email);
                Assert.False(await users.CheckPasswordAsync(person, "not the demo password"), account.Email);
            }
        });
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(AppHarness.DemoPassword, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_configured_password_one_is_generated_printed_once_and_signs_in()
    {
        await using var own = await AppHarness.StartAsync(demoPassword: null);

        var printed = Assert.Single(own.Logs.Lines.Select(line => GeneratedPassword().Match(line)), m => m.Success);
        var password = printed.Groups["password"].Value;
        Assert.Equal(20, password.Length);
        await own.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Person>>();
            Assert.Equal(8, await users.Users.CountAsync());
            var admin = await users.FindByEmailAsync("admin@demo.example");
            Assert.NotNull(admin);
            Assert.True(await users.CheckPasswordAsync(admin, password));
            Assert.False(await users.CheckPasswordAsync(admin, AppHarness.DemoPassword));
        });
    }

    [Fact]
    public async Task Without_demo_data_nothing_is_seeded_but_the_roles_exist()
    {
        await using var own = await AppHarness.StartAsync(seedDemoData: false);

        Assert.All(await CountsAsync(own), count => Assert.Equal(0, count.Value));
        await using var db = own.NewDbContext();
        Assert.Equal(Roles.All.Order(), (await db.Roles.Select(r => r.Name!).ToListAsync()).Order());
    }

    private static async Task<Dictionary<string, int>> CountsAsync(AppHarness harness)
    {
        await using var db = harness.NewDbContext();
        return new()
        {
            ["people"] = await db.Users.CountAsync(),
            ["bodies"] = await db.Bodies.CountAsync(),
            ["mandates"] = await db.Mandates.CountAsync(),
            ["consultations"] = await db.Consultations.CountAsync(),
            ["submissions"] = await db.Submissions.CountAsync(),
            ["reviewItems"] = await db.ReviewItems.CountAsync(),
            ["records"] = await db.ConsensusRecords.CountAsync(),
            ["ledger"] = await db.Ledger.CountAsync(),
        };
    }

    [GeneratedRegex(@"Password: (?<password>\S+) \(generated now and shown only this once\)")]
    private static partial Regex GeneratedPassword();
}
