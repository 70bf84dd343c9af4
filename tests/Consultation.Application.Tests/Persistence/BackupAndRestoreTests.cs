using Consultation.Application.Features.Ledger;
using Consultation.Application.Persistence;
using Consultation.Application.Persistence.Sqlite;
using Consultation.Application.Tests.Submissions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Persistence;

/// <summary>
/// The operator's backup (an online copy while the portal writes) and restore (checked, verified, the replaced database
/// kept), on the seeded demo database.
/// </summary>
public sealed class BackupAndRestoreTests : SubmissionTestBase, IDisposable
{
    private readonly string _elsewhere = Directory.CreateTempSubdirectory("consultation-backups-").FullName;

    private DatabaseBackup Backup => App.Services.GetRequiredService<DatabaseBackup>();
    private string BackupFile => Path.Combine(_elsewhere, "portal.db");

    [Fact]
    public async Task A_backup_taken_while_positions_are_revised_restores_into_a_fresh_directory_with_the_same_intact_ledger()
    {
        var receipt = await SubmitOpenAsync(People.RepCcnso, "The ccNSO's position before the backup.");
        var before = await SendAsync(new LedgerHead.Query());
        using var started = new SemaphoreSlim(0);
        var revising = Task.Run(async () =>
        {
            for (var i = 1; i <= 12; i++)
            {
                await SendAsync(Revision(receipt.SubmissionId, $"Revision {i} written while the backup runs."), People.RepCcnso);
                if (i == 2) started.Release();
            }
        });
        await started.WaitAsync(TimeSpan.FromSeconds(30));

        var made = await Backup.BackUpAsync(BackupFile, replaceExisting: false);
        await revising;

        var after = await SendAsync(new LedgerHead.Query());
        Assert.InRange(made.Head.Sequence, before.Sequence + 2, after.Sequence);
        Assert.Equal(made.Head.Sequence, made.Head.Entries);
        Assert.Equal([Path.GetFileName(BackupFile)], Directory.GetFiles(_elsewhere).Select(Path.GetFileName));

        await using var fresh = AppHarness.Create(seedDemoData: false);
        var restored = await fresh.Services.GetRequiredService<DatabaseBackup>().RestoreAsync(BackupFile);
        Assert.Null(restored.KeptAs);
        Assert.Empty(restored.MigrationsApplied);
        Assert.Equal((made.Head.Sequence, made.Head.Hash), (restored.Head.Sequence, restored.Head.Hash));

        await fresh.InitializeDatabaseAsync();
        var head = await fresh.SendAsync(new LedgerHead.Query());
        var verified = await fresh.SendAsync(new VerifyLedger.Query());
        Assert.Equal((made.Head.Sequence, made.Head.Hash), (head.Sequence, head.Hash));
        Assert.True(verified.IsIntact, verified.Problem);
        Assert.Equal(made.Head.Hash, verified.HeadHash);
    }

    [Fact]
    public async Task A_backup_does_not_replace_an_existing_file_unless_asked_to()
    {
        await File.WriteAllTextAsync(BackupFile, "an earlier file");

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => Backup.BackUpAsync(BackupFile, replaceExisting: false));

        Assert.Contains("exists already", refused.Message);
        Assert.Contains("--force", refused.Message);
        Assert.Equal("an earlier file", await File.ReadAllTextAsync(BackupFile));
        Assert.Single(Directory.GetFiles(_elsewhere));

        var made = await Backup.BackUpAsync(BackupFile, replaceExisting: true);
        Assert.Equal((await SendAsync(new LedgerHead.Query())).Hash, made.Head.Hash);
        Assert.Null(await App.Services.GetRequiredService<IDatabaseProvider>().Backup.ProblemWithCopyAsync(BackupFile, CancellationToken.None));
    }

    [Fact]
    public async Task Restoring_a_missing_file_is_refused()
    {
        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => Backup.RestoreAsync(BackupFile));
        Assert.Equal($"There is no backup at {BackupFile}.", refused.Message);
    }

    [Fact]
    public async Task Restoring_a_text_file_is_refused_as_not_a_database()
    {
        await File.WriteAllTextAsync(BackupFile, "SQLite, but only in name: this is a text file.");
        await AssertUnrestorableAsync("it is not a SQLite database");
    }

    [Fact]
    public async Task Restoring_a_database_without_the_ledger_is_refused_as_not_the_portals()
    {
        await using (var other = new SqliteConnection($"Data Source={BackupFile};Pooling=False"))
        {
            await other.OpenAsync();
            await using var create = other.CreateCommand();
            create.CommandText = "CREATE TABLE Notes (Id INTEGER PRIMARY KEY, Text TEXT); INSERT INTO Notes (Text) VALUES ('not a portal');";
            await create.ExecuteNonQueryAsync();
        }
        await AssertUnrestorableAsync("it is a SQLite database but not the portal's: it has no Ledger or __EFMigrationsHistory table");
    }

    [Fact]
    public async Task Restoring_a_backup_whose_ledger_was_edited_is_refused_at_the_edited_entry()
    {
        await Backup.BackUpAsync(BackupFile, replaceExisting: false);
        await ExecuteOnBackupAsync("UPDATE Ledger SET RecordedAt = '2001-01-01 00:00:00.0000000Z' WHERE Sequence = 3;");
        await AssertUnrestorableAsync("its ledger is broken at entry 3");
    }

    [Fact]
    public async Task Restoring_a_backup_from_a_newer_version_of_the_portal_is_refused()
    {
        await Backup.BackUpAsync(BackupFile, replaceExisting: false);
        await ExecuteOnBackupAsync("INSERT INTO __EFMigrationsHistory (MigrationId, ProductVersion) VALUES ('29991231000000_FromTheFuture', '99.0.0');");
        await AssertUnrestorableAsync("it was made by a newer version of the portal (its migration 29991231000000_FromTheFuture is unknown here)");
    }

    [Fact]
    public async Task Restoring_a_damaged_backup_is_refused()
    {
        await Backup.BackUpAsync(BackupFile, replaceExisting: false);
        await using (var file = File.OpenWrite(BackupFile))
        {
            // Every page after the first few overwritten: the header still says SQLite, the b-trees are garbage.
            var pageSize = 4096;
            var garbage = Enumerable.Repeat((byte)0xA5, pageSize).ToArray();
            for (var offset = 4L * pageSize; offset < file.Length; offset += 3 * pageSize)
            {
                file.Position = offset;
                await file.WriteAsync(garbage);
            }
        }
        await AssertUnrestorableAsync("SQLite");
    }

    [Fact]
    public async Task Restoring_over_a_database_the_portal_has_open_is_refused_and_changes_nothing()
    {
        await Backup.BackUpAsync(BackupFile, replaceExisting: false);
        var head = await SendAsync(new LedgerHead.Query());
        await using var serving = App.NewDbContext(); // the portal in the middle of a request
        await serving.Database.OpenConnectionAsync();

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => Backup.RestoreAsync(BackupFile));

        Assert.Contains("is in use: the portal (or another program) has it open. Stop the portal", refused.Message);
        Assert.Equal(head, await SendAsync(new LedgerHead.Query()));
        Assert.DoesNotContain(Directory.GetFiles(App.Folder), f => f.Contains(".restoring-") || f.Contains(".before-restore-"));
    }

    [Fact]
    public async Task Restoring_over_a_stopped_portals_database_keeps_the_replaced_one_beside_it()
    {
        await Backup.BackUpAsync(BackupFile, replaceExisting: false);
        var backedUp = await SendAsync(new LedgerHead.Query());
        await SubmitOpenAsync(People.RepCcnso, "A position written after the backup, which the restore takes back.");
        var later = await SendAsync(new LedgerHead.Query());
        await StopPortalAsync();

        var restored = await Backup.RestoreAsync(BackupFile);

        Assert.Equal($"{App.DatabaseFile}.before-restore-{AppHarness.SeededAt:yyyyMMdd'T'HHmmss'Z'}", restored.KeptAs);
        Assert.Equal(backedUp, await SendAsync(new LedgerHead.Query()));
        await using var kept = new SqliteConnection($"Data Source={restored.KeptAs};Mode=ReadOnly;Pooling=False");
        await kept.OpenAsync();
        await using var count = kept.CreateCommand();
        count.CommandText = "SELECT max(Sequence) FROM Ledger;";
        Assert.Equal(later.Sequence, (long)(await count.ExecuteScalarAsync())!);
    }

    private async Task ExecuteOnBackupAsync(string sql)
    {
        await using var copy = new SqliteConnection($"Data Source={BackupFile};Pooling=False");
        await copy.OpenAsync();
        await using var command = copy.CreateCommand();
        command.CommandText = sql;
        Assert.Equal(1, await command.ExecuteNonQueryAsync());
    }

    /// <summary>What stopping the portal does to the database file: the group writer's connection and the pool's are closed.</summary>
    private async Task StopPortalAsync()
    {
        await App.Services.GetRequiredService<GroupCommit>().DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(((SqliteDatabaseProvider)App.Services.GetRequiredService<IDatabaseProvider>()).ConnectionString));
    }

    private async Task AssertUnrestorableAsync(string problem)
    {
        var head = await SendAsync(new LedgerHead.Query());
        await StopPortalAsync();

        var refused = await Assert.ThrowsAsync<BackupRefusedException>(() => Backup.RestoreAsync(BackupFile));

        Assert.Equal($"{BackupFile} cannot be restored: {problem}", refused.Message[..(refused.Message.IndexOf(problem, StringComparison.Ordinal) + problem.Length)]);
        Assert.EndsWith("Nothing was changed.", refused.Message);
        Assert.Equal(head, await SendAsync(new LedgerHead.Query()));
        Assert.DoesNotContain(Directory.GetFiles(App.Folder), f => f.Contains(".restoring-") || f.Contains(".before-restore-"));
    }

    public void Dispose() => Directory.Delete(_elsewhere, recursive: true);
}
