using System.Diagnostics;
using Consultation.Application.Persistence;
using Consultation.Application.Persistence.Sqlite;
using Consultation.Testing;
using Consultation.Web.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>
/// The <c>backup</c> and <c>restore</c> commands run as an operator runs them: the built portal as a process of its own,
/// configured by environment variables and <c>--Key=value</c> settings, against the demo database a running portal is using.
/// </summary>
public sealed class DatabaseCommandTests : IClassFixture<PortalFactory>, IDisposable
{
    private readonly PortalFactory _portal;
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("consultation-backup-command-").FullName;

    public DatabaseCommandTests(PortalFactory portal) => _portal = portal;

    [Fact]
    public async Task Backup_copies_the_running_portals_database_and_prints_its_ledger_head_restore_refuses_while_it_runs()
    {
        var database = new SqliteConnectionStringBuilder(
            ((SqliteDatabaseProvider)_portal.Services.GetRequiredService<IDatabaseProvider>()).ConnectionString).DataSource;
        var file = Path.Combine(_elsewhere, "nightly.db");
        string[] settings = [$"--ConnectionStrings:Consultation=Data Source={Path.GetFileName(database)}"];
        var dataDirectory = Path.GetDirectoryName(database)!;

        var (status, output) = await RunAsync(dataDirectory, ["backup", file, .. settings]);

        Assert.True(status == 0, output);
        Assert.Contains($"Backed up {database} to {file} (", output);
        // The portal's background work may append entries after the copy: the printed head is the copy's, and is in the live ledger.
        var head = await HeadAsync(file);
        Assert.Contains($"Ledger head of the backup: entry {head.Sequence}, hash {head.Hash} ({head.Sequence} entries).", output);
        Assert.Equal(head, await HeadAsync(database, head.Sequence));

        (status, output) = await RunAsync(dataDirectory, ["backup", file, .. settings]);
        Assert.True(status == 1, output);
        Assert.Contains($"backup refused: {file} exists already. Choose another name, or add --force to replace it.", output);

        // The portal serving a request (its pooled connections alone may be cleared by another test's factory).
        await using (var serving = await _portal.Services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync())
        {
            await serving.Database.OpenConnectionAsync();
            (status, output) = await RunAsync(dataDirectory, ["restore", file, .. settings]);
        }
        Assert.True(status == 1, output);
        Assert.Contains($"restore refused: The database at {database} is in use", output);

        (status, output) = await RunAsync(dataDirectory, ["restore"]);
        Assert.True(status == 2, output);
        Assert.Contains(DatabaseCommand.Usage, output);
    }

    [Fact]
    public void Settings_after_the_command_go_to_the_portals_configuration()
    {
        var command = DatabaseCommand.Parse(["backup", "/var/backups/portal.db", "--Consultation:DataDirectory", "/srv/data", "--force", "--Key=value"])!;

        Assert.Equal(("backup", "/var/backups/portal.db", true, null), (command.Verb, command.File, command.Force, command.Mistake));
        Assert.Equal(["--Consultation:DataDirectory", "/srv/data", "--Key=value"], command.HostArguments);
        Assert.Null(DatabaseCommand.Parse(["--urls", "http://127.0.0.1:0"]));
        Assert.NotNull(DatabaseCommand.Parse(["restore", "a.db", "b.db"])!.Mistake);
    }

    /// <summary>The last ledger entry in a database file, or the entry <paramref name="sequence"/>.</summary>
    private static async Task<(long Sequence, string Hash)> HeadAsync(string file, long? sequence = null)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Sequence, Hash FROM Ledger WHERE $sequence IS NULL OR Sequence = $sequence ORDER BY Sequence DESC LIMIT 1;";
        command.Parameters.AddWithValue("$sequence", (object?)sequence ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return (reader.GetInt64(0), reader.GetString(1));
    }

    /// <summary>Runs the built portal (beside the tests) with the data directory in the environment, as a service unit would.</summary>
    private static async Task<(int Status, string Output)> RunAsync(string dataDirectory, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Consultation.Web.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["Consultation__DataDirectory"] = dataDirectory;
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await errors);
    }

    public void Dispose() => Directory.Delete(_elsewhere, recursive: true);
}
