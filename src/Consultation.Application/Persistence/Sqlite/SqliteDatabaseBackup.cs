using Microsoft.Data.Sqlite;

namespace Consultation.Application.Persistence.Sqlite;

/// <summary>
/// Backup and restore of the SQLite file. The copy is made with SQLite's online backup API in one read transaction: under
/// WAL that is one consistent state, and the portal's writers go on meanwhile. A copy is a single file in rollback-journal
/// mode (no -wal beside it to lose); the portal turns WAL back on when it next starts on it.
/// </summary>
public sealed class SqliteDatabaseBackup(string liveConnectionString) : IDatabaseBackup
{
    /// <summary>The first 16 bytes of every SQLite database file.</summary>
    private static readonly byte[] FileHeader = "SQLite format 3\0"u8.ToArray();

    /// <summary>Tables every portal database has: the ledger, and EF's record of the migrations applied.</summary>
    private static readonly string[] PortalTables = ["Ledger", "__EFMigrationsHistory"];

    public string LiveLocation { get; } = Path.GetFullPath(new SqliteConnectionStringBuilder(liveConnectionString).DataSource);

    public async Task WriteCopyAsync(string file, CancellationToken cancellationToken)
    {
        if (!File.Exists(LiveLocation)) throw new BackupRefusedException($"There is no database at {LiveLocation} to back up.");
        await using var live = new SqliteConnection(Unpooled(LiveLocation, SqliteOpenMode.ReadWrite));
        await using var copy = new SqliteConnection(Unpooled(file, SqliteOpenMode.ReadWriteCreate));
        await live.OpenAsync(cancellationToken);
        await copy.OpenAsync(cancellationToken);
        // All pages in one step: one read transaction, so the copy is one state however long it takes. On a thread of its own,
        // since SQLite works synchronously and the portal may be serving from this process.
        await Task.Run(() => live.BackupDatabase(copy), cancellationToken);
        await ExecuteAsync(copy, "PRAGMA journal_mode=DELETE;", cancellationToken);
    }

    public async Task<string?> ProblemWithCopyAsync(string file, CancellationToken cancellationToken)
    {
        var header = new byte[FileHeader.Length];
        await using (var stream = File.OpenRead(file))
            if (await stream.ReadAtLeastAsync(header, header.Length, throwOnEndOfStream: false, cancellationToken) < header.Length
                || !header.AsSpan().SequenceEqual(FileHeader))
                return "it is not a SQLite database";
        try
        {
            await using var copy = new SqliteConnection(Unpooled(file, SqliteOpenMode.ReadOnly));
            await copy.OpenAsync(cancellationToken);
            var integrity = await RowsAsync(copy, "PRAGMA integrity_check;", cancellationToken);
            if (integrity is not ["ok"])
                return "SQLite's integrity check found it damaged: " + string.Join("; ", integrity.Take(5));
            var tables = await RowsAsync(copy, "SELECT name FROM sqlite_master WHERE type = 'table';", cancellationToken);
            var missing = PortalTables.Except(tables).ToList();
            return missing.Count == 0 ? null : $"it is a SQLite database but not the portal's: it has no {string.Join(" or ", missing)} table";
        }
        catch (SqliteException failure)
        {
            return "SQLite cannot read it: " + failure.Message;
        }
    }

    public string ConnectionStringFor(string file) => Unpooled(file, SqliteOpenMode.ReadWrite);

    public async Task ReplaceLiveAsync(string copy, string keepReplacedAs, CancellationToken cancellationToken)
    {
        if (File.Exists(LiveLocation))
        {
            await TakeOverAsync(cancellationToken);
            File.Move(LiveLocation, keepReplacedAs);
        }
        File.Move(copy, LiveLocation);
    }

    /// <summary>
    /// Leaving WAL mode needs the only connection to the file: every other one, idle in a pool or not, holds a shared lock
    /// on it for as long as it is open. So a running portal makes this fail at once. It also folds the -wal file into the
    /// database, which leaves the replaced database whole in one file.
    /// </summary>
    private async Task TakeOverAsync(CancellationToken cancellationToken)
    {
        var builder = new SqliteConnectionStringBuilder(Unpooled(LiveLocation, SqliteOpenMode.ReadWrite)) { DefaultTimeout = 1 };
        await using var live = new SqliteConnection(builder.ToString());
        string? mode;
        try
        {
            await live.OpenAsync(cancellationToken);
            mode = (await RowsAsync(live, "PRAGMA journal_mode=DELETE;", cancellationToken)).SingleOrDefault();
        }
        catch (SqliteException failure) when (failure.SqliteErrorCode is SQLitePCL.raw.SQLITE_BUSY or SQLitePCL.raw.SQLITE_LOCKED)
        {
            mode = null;
        }
        if (mode != "delete")
            throw new BackupRefusedException(
                $"The database at {LiveLocation} is in use: the portal (or another program) has it open. Stop the portal, then restore; nothing was changed.");
    }

    private static string Unpooled(string file, SqliteOpenMode mode) =>
        new SqliteConnectionStringBuilder { DataSource = file, Mode = mode, Pooling = false }.ToString();

    private static async Task ExecuteAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<List<string>> RowsAsync(SqliteConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<string>();
        while (await reader.ReadAsync(cancellationToken)) rows.Add(reader.GetString(0));
        return rows;
    }
}
