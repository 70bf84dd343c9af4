using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Consultation.Application.Persistence.Sqlite;

/// <summary>
/// The embedded default. WAL lets readers go on while one writer writes; synchronous=FULL means an
/// acknowledged submission survives a crash or power loss; this process's writers queue for the write lock
/// (<see cref="SqliteWriteGate"/>), and the busy timeout makes a writer from elsewhere wait its turn instead of failing
/// with "database is locked".
/// </summary>
public sealed class SqliteDatabaseProvider(string connectionString) : IDatabaseProvider
{
    public const string MigrationsAssembly = "Consultation.Migrations.Sqlite";
    private static readonly ConnectionTuning Tuning = new();
    private static readonly SqliteStatementReuse Statements = new();
    private readonly SqliteWriteGate _writeGate = new(new SqliteConnectionStringBuilder(connectionString).DataSource);

    public string Name => "SQLite";
    public string ConnectionString { get; } = connectionString;
    public Search.ISearchIndex SearchIndex { get; } = new SqliteSearchIndex();
    public IDatabaseBackup Backup { get; } = new SqliteDatabaseBackup(connectionString);

    /// <summary>
    /// Resolves a relative "Data Source" against the data directory (never the build output or the working
    /// directory) and creates that directory.
    /// </summary>
    public static SqliteDatabaseProvider FromConfiguration(string? connectionString, string dataDirectory)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString ?? "Data Source=consultation.db");
        if (builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
            builder.DataSource = Path.Combine(dataDirectory, builder.DataSource);
        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder) Directory.CreateDirectory(folder);
        builder.Pooling = true;
        return new SqliteDatabaseProvider(builder.ToString());
    }

    public void Configure(DbContextOptionsBuilder options) => options
        .UseSqlite(ConnectionString, sqlite => sqlite.MigrationsAssembly(MigrationsAssembly))
        .AddInterceptors(Tuning, _writeGate, Statements);

    public async Task PrepareAsync(ConsultationDbContext db, CancellationToken cancellationToken) =>
        // journal_mode is stored in the file itself: once is enough, and it must precede the first write.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);

    /// <summary>
    /// A deferred transaction: EF's own begins with BEGIN IMMEDIATE, which takes the write lock. Under WAL a deferred one
    /// reads from the snapshot its first read sees, while writers go on.
    /// </summary>
    public async Task<IAsyncDisposable> BeginReadSnapshotAsync(ConsultationDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var transaction = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);
        await db.Database.UseTransactionAsync(transaction, cancellationToken);
        return transaction; // disposing rolls it back: nothing was written
    }

    /// <summary>What every connection of the portal's is set to (public for the benchmarks' raw baseline, which must match).</summary>
    public const string ConnectionPragmas = "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; PRAGMA synchronous=FULL;";

    /// <summary>Per-connection settings: SQLite forgets them when a connection closes.</summary>
    private sealed class ConnectionTuning : DbConnectionInterceptor
    {
        private const string Pragmas = ConnectionPragmas;

        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragmas;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
