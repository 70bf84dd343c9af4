using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;

namespace Consultation.Testing;

/// <summary>
/// The portal on a fresh SQLite database in its own temporary data directory, seeded with the demo data and the
/// demo accounts (all with <see cref="DemoPassword"/>). The directory is deleted with the factory.
/// </summary>
public class PortalFactory : WebApplicationFactory<Program>
{
    public const string DemoPassword = "demo-password-for-tests";

    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("consultation-tests-").FullName;

    protected virtual string EnvironmentName => "Development";

    /// <summary>The top of the repository (where Consultation.sln is), for tests that read its docs, scripts or artifacts.</summary>
    public static string RepositoryTop()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "Consultation.sln"))) return folder.FullName;
        throw new InvalidOperationException($"No Consultation.sln above {AppContext.BaseDirectory}.");
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder
        .UseEnvironment(EnvironmentName)
        .UseContentRoot(AppContext.BaseDirectory)
        .UseSetting("ConnectionStrings:Consultation", $"Data Source={Path.Combine(_dataDirectory, "test.db")}")
        .UseSetting("Consultation:DataDirectory", _dataDirectory)
        .UseSetting("Consultation:SeedDemoData", "true")
        .UseSetting("Consultation:DemoPassword", DemoPassword)
        // No background pass writes notifications or mail while tests count them; tests that need one run it themselves.
        .UseSetting("Consultation:NotificationInterval", "00:00:00")
        // Every request compares the session's security stamp, so that a test sees another session end at once.
        .UseSetting("Consultation:Sessions:RevalidationInterval", "00:00:00")
        // The suites send many requests from one address; the rate-limit tests use a portal with low limits.
        .UseSetting("Consultation:RateLimits:PermitLimit", PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture))
        .UseSetting("Consultation:RateLimits:AccountPermitLimit", PermitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Requests per minute and client for the API, search and account forms.</summary>
    protected virtual int PermitLimit => 100_000;

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing || !Directory.Exists(_dataDirectory)) return;
        SqliteConnection.ClearAllPools();
        Directory.Delete(_dataDirectory, recursive: true);
    }
}
