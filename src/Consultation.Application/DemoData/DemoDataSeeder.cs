using System.Security.Cryptography;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultation.Application.DemoData;

/// <summary>
/// Seeds an empty database with illustrative sample data and the demo accounts. Runs only when
/// <c>Consultation:SeedDemoData</c> is true (Development), and never touches a database that has content.
/// </summary>
public sealed class DemoDataSeeder(
    IDbContextFactory<ConsultationDbContext> factory,
    UserManager<Person> users,
    IUserStore<Person> store,
    IOptions<ConsultationOptions> options,
    TimeProvider clock,
    Ledger.LedgerWriter ledger,
    ILogger<DemoDataSeeder> logger)
{
    /// <summary>
    /// The demo chair's and administrator's authenticator keys (Base32, as an authenticator app takes them). They are
    /// published in the README so that anyone trying the demo can act as chair or administrator, who need a second
    /// factor; they exist only in a database seeded with demo data.
    /// </summary>
    public const string AdminAuthenticatorKey = "DEMOADMINDEMOADMINDEMOADMINDEMOA";

    public const string ChairAuthenticatorKey = "DEMOCHAIRDEMOCHAIRDEMOCHAIRDEMOC";

    /// <summary>The accounts a newcomer signs in with, and the role page each one lands on.</summary>
    public static readonly IReadOnlyList<DemoAccount> Accounts =
    [
        new("admin@demo.example", "Ada Admin (demo)", [Roles.Administrator, Roles.Member], "Administrator", AdminAuthenticatorKey),
        new("chair@demo.example", "Chidi Chair (demo)", [Roles.Chair, Roles.Member], "Chair of the review cycles", ChairAuthenticatorKey),
        new("rep.ccnso@demo.example", "Rosa Representative (demo)", [Roles.Member], "Member holding a ccNSO mandate"),
        new("member@demo.example", "Mika Member (demo)", [Roles.Member], "Member, comments in own name"),
    ];

    /// <summary>Further demo authors, so that the sample consultations have several voices.</summary>
    internal static readonly IReadOnlyList<DemoAccount> Authors =
    [
        new("rep.jprs@demo.example", "Jun Registry (demo)", [Roles.Member], "Member holding a JPRS mandate"),
        new("rep.centr@demo.example", "Clara Registries (demo)", [Roles.Member], "Member holding a CENTR mandate"),
        new("rep.isoc@demo.example", "Ines Society (demo)", [Roles.Member], "Member holding an ISOC mandate"),
        new("rep.cert@demo.example", "Carl Incident (demo)", [Roles.Member], "Member holding a FIRST mandate"),
    ];

    public async Task SeedIfEmptyAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // Consultations, not accounts, mark a seeded database: accounts left by an interrupted seeding are reused.
        if (await db.Consultations.AnyAsync(cancellationToken))
        {
            logger.LogInformation("Demo accounts (password: Consultation:DemoPassword, or the one printed when the database was seeded): {Accounts}",
                string.Join(", ", Accounts.Select(a => a.Email)));
            return;
        }

        var configured = options.Value.DemoPassword;
        var password = string.IsNullOrWhiteSpace(configured) ? GeneratePassword() : configured;
        var people = new Dictionary<string, string>();
        foreach (var account in Accounts.Concat(Authors))
            people[account.Email] = await CreateAccountAsync(account, password, cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await new DemoConsultations(db, people, clock.GetUtcNow(), ledger, cancellationToken).BuildAsync();
        await db.SaveChangesAsync(cancellationToken);
        // Illustrations, not submissions anyone sent: no receipt is emailed for them.
        await Features.Submissions.ReceiptEmails.MarkAllEmailedAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        logger.LogWarning(
            "Seeded illustrative demo data. Demo accounts: {Accounts}. Password: {Password}",
            string.Join("; ", Accounts.Select(a => $"{a.Email} ({a.Description}{(a.AuthenticatorKey is { } key ? $", authenticator key {key}" : "")})")),
            string.IsNullOrWhiteSpace(configured) ? password + " (generated now and shown only this once)" : "the configured Consultation:DemoPassword");
    }

    private async Task<string> CreateAccountAsync(DemoAccount account, string password, CancellationToken cancellationToken)
    {
        if (await users.FindByEmailAsync(account.Email) is { } earlier)
        {
            // Left by a seeding that failed part-way: give it the password printed this time.
            Check(await users.RemovePasswordAsync(earlier), account.Email);
            Check(await users.AddPasswordAsync(earlier, password), account.Email);
            await EnrolAuthenticatorAsync(earlier, account, cancellationToken);
            return earlier.Id;
        }
        var person = new Person { UserName = account.Email, Email = account.Email, EmailConfirmed = true, DisplayName = account.DisplayName };
        Check(await users.CreateAsync(person, password), account.Email);
        Check(await users.AddToRolesAsync(person, account.Roles), account.Email);
        await EnrolAuthenticatorAsync(person, account, cancellationToken);
        return person.Id;
    }

    /// <summary>
    /// The fixed, published key, where a person would scan a random one: UserManager only makes random keys, so the
    /// store sets it, as UserManager.ResetAuthenticatorKeyAsync does.
    /// </summary>
    private async Task EnrolAuthenticatorAsync(Person person, DemoAccount account, CancellationToken cancellationToken)
    {
        if (account.AuthenticatorKey is not { } key) return;
        await ((IUserAuthenticatorKeyStore<Person>)store).SetAuthenticatorKeyAsync(person, key, cancellationToken);
        Check(await users.UpdateAsync(person), account.Email);
        Check(await users.SetTwoFactorEnabledAsync(person, true), account.Email);
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
            throw new InvalidOperationException($"Could not create the demo account {email}: "
                + string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    /// <summary>20 characters from a URL-safe alphabet: long enough for the policy, easy to copy.</summary>
    private static string GeneratePassword() =>
        RandomNumberGenerator.GetString("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789-_", 20);
}

public sealed record DemoAccount(string Email, string DisplayName, IReadOnlyList<string> Roles, string Description,
    string? AuthenticatorKey = null);
