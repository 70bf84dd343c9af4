using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Benchmarks.Harness;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// The ingest scenario's starting point: a fresh portal database (the demo data, as the portal seeds it) with enough
/// member accounts to submit, made once and copied for every measurement, so that each one, pipeline or raw, starts
/// from the same rows. The generated archive is never written to.
/// </summary>
public sealed class IngestDatabase
{
    private const string FileName = "consultation.db";

    private IngestDatabase(string folder, IReadOnlyList<string> members, PublicConsultation consultation, LedgerEntry ledgerHead)
    {
        Folder = folder;
        Members = members;
        Consultation = consultation;
        LedgerHead = ledgerHead;
    }

    public string Folder { get; }

    /// <summary>The ids of the accounts made to submit (role Member, no password: nobody signs in, and hashing one is slow).</summary>
    public IReadOnlyList<string> Members { get; }

    /// <summary>The consultation open for comments now, as loaded (the raw baseline builds its rows with the domain from it).</summary>
    public PublicConsultation Consultation { get; }

    public LedgerEntry LedgerHead { get; }

    public static async Task<IngestDatabase> CreateAsync(string folder, int members, CancellationToken cancellationToken)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        var app = new PortalServices(folder);
        IngestDatabase database;
        try
        {
            await app.InitializeAsync(cancellationToken);
            var ids = new List<string>();
            await app.InScopeAsync(async services =>
            {
                var users = services.GetRequiredService<UserManager<Person>>();
                for (var i = 0; i < members; i++) ids.Add(await CreateMemberAsync(users, i));
            });
            PublicConsultation? consultation = null;
            LedgerEntry? head = null;
            await app.InScopeAsync(async services =>
            {
                await using var db = await services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync(cancellationToken);
                // The demo's consultation open for comments (the demo data opens one around the moment it is seeded).
                var now = DateTimeOffset.UtcNow;
                consultation = (await db.Consultations.AsNoTracking().ToListAsync(cancellationToken)).First(c => c.AcceptsCommentsAt(now));
                head = await db.Ledger.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync(cancellationToken);
            });
            database = new IngestDatabase(folder, ids, consultation!, head!);
        }
        finally
        {
            await app.DisposeAsync();
        }
        // The last connection closing checkpoints the WAL into the file, so that the file alone is the whole database.
        SqliteConnection.ClearAllPools();
        return database;
    }

    /// <summary>A fresh copy of the starting database in <paramref name="folder"/> (emptied first).</summary>
    public string CopyTo(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        foreach (var suffix in new[] { "", "-wal" })
            if (File.Exists(Path.Combine(Folder, FileName + suffix)))
                File.Copy(Path.Combine(Folder, FileName + suffix), Path.Combine(folder, FileName + suffix));
        return Path.Combine(folder, FileName);
    }

    private static async Task<string> CreateMemberAsync(UserManager<Person> users, int number)
    {
        var email = $"ingest.{number:D4}@bench.example";
        var person = new Person { UserName = email, Email = email, EmailConfirmed = true, DisplayName = new Bogus.Faker().Name.FullName() };
        Check(await users.CreateAsync(person), email);
        Check(await users.AddToRoleAsync(person, Roles.Member), email);
        return person.Id;
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create the account {email}: " + string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
