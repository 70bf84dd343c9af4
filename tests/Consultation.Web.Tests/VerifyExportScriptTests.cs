using System.Diagnostics;
using Consultation.Application.Persistence;
using Consultation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>
/// The script of docs/verifying-an-export.md, run as a reader would run it against a live portal: it verifies the demo
/// archive, and it reports a submission's text changed in the database and a ledger entry edited in place. On a portal of
/// its own, since it tampers with the data.
/// </summary>
public sealed class VerifyExportScriptTests(VerifyExportScriptTests.Portal portal) : IClassFixture<VerifyExportScriptTests.Portal>
{
    private const string DnsCert = "dns-cert-business-case-2010";

    public sealed class Portal : PortalFactory
    {
        public Portal()
        {
            UseKestrel(0);
            StartServer();
        }

        // The test edits the database behind the portal's back, which moves no archive revision: the page cache would
        // serve the untampered answers for its few seconds. (Tampering is what the script must catch, not the cache.)
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Consultation:PageCache:MaxAge", "00:00:00");
        }
    }

    [Fact]
    public async Task Documented_script_verifies_an_export_and_reports_a_changed_text_and_an_edited_entry()
    {
        var (status, output) = await RunScriptAsync(DnsCert);
        Assert.True(status == 0, output);
        Assert.Matches(@"ledger: \d+ entries, head [0-9a-f]{64}", output);
        Assert.Contains($"submissions of {DnsCert} checked", output);
        Assert.EndsWith("verified", output.TrimEnd());

        await using (var db = await portal.Services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync())
        {
            // The current version of a submission: the one the export carries.
            var version = await db.SubmissionVersions.Where(v => db.Submissions.Any(s => s.Id == v.SubmissionId
                    && db.Consultations.Any(c => c.Id == s.ConsultationId && c.Slug == DnsCert))
                    && v.Number == db.SubmissionVersions.Where(x => x.SubmissionId == v.SubmissionId).Max(x => x.Number))
                .OrderBy(v => v.SubmittedAt).Select(v => new { v.Id, v.SubmissionId }).FirstAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE SubmissionVersions SET Text = Text || ' (quietly amended)' WHERE Id = {0}", version.Id);
            await db.Database.ExecuteSqlRawAsync("UPDATE Ledger SET RecordedAt = '2001-01-01 00:00:00.0000000Z' WHERE Sequence = 2");

            (status, output) = await RunScriptAsync(DnsCert);
            Assert.Equal(1, status);
            Assert.Contains("PROBLEM ledger entry 2 does not match its hash", output);
            Assert.Contains($"PROBLEM submission {version.SubmissionId.ToString().ToLowerInvariant()}: its hashed content does not hash", output);
        }
    }

    private async Task<(int Status, string Output)> RunScriptAsync(string slug)
    {
        var script = Path.Combine(PortalFactory.RepositoryTop(), "tests", "tools", "verify_export.py");
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { script, portal.ClientOptions.BaseAddress.ToString(), slug }) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await errors);
    }
}
