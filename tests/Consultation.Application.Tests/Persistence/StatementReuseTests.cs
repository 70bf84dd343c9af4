using System.Data.Common;
using System.Runtime.InteropServices;
using Consultation.Application.Persistence;
using Consultation.Application.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Persistence;

/// <summary>
/// SqliteStatementReuse: a statement EF runs again on an open connection is compiled once; closing the connection
/// finalizes it; answers stay right with new values and with two readers over the same SQL at once.
/// </summary>
public sealed class StatementReuseTests
{
    private static Task<int> CountBySlugAsync(ConsultationDbContext db, string slug) => db.Consultations.CountAsync(c => c.Slug == slug);

    [Fact]
    public async Task A_statement_run_again_on_an_open_connection_is_compiled_once_and_finalized_when_the_connection_closes()
    {
        await using var app = await AppHarness.StartAsync();
        await using var db = app.NewDbContext();
        await db.Database.OpenConnectionAsync();

        Assert.Equal(1, await CountBySlugAsync(db, Slugs.OpenForComment));
        var first = Assert.Single(Prepared(db), s => s.Sql.Contains("\"Consultations\""));
        Assert.Equal(0, await CountBySlugAsync(db, "no-such-consultation"));
        var second = Assert.Single(Prepared(db), s => s.Sql.Contains("\"Consultations\""));
        Assert.Equal(first.Handle, second.Handle);

        await db.Database.CloseConnectionAsync();
        await db.Database.OpenConnectionAsync();
        Assert.DoesNotContain(Prepared(db), s => s.Sql.Contains("\"Consultations\""));
        Assert.Equal(1, await CountBySlugAsync(db, Slugs.OpenForComment));
    }

    [Fact]
    public async Task A_connection_closed_and_opened_again_leaves_no_statement_behind_on_the_pooled_connection()
    {
        await using var app = await AppHarness.StartAsync();
        await using var db = app.NewDbContext();
        for (var i = 0; i < 2; i++)
        {
            // EF opens and closes the connection around each query; the pool keeps SQLite's connection between them.
            Assert.Equal(1, await CountBySlugAsync(db, Slugs.OpenForComment));
        }

        await db.Database.OpenConnectionAsync();
        // (FTS5 keeps statements of its own on the connection; EF's are the ones with quoted names.)
        Assert.DoesNotContain(Prepared(db), s => s.Sql.Contains("\"Consultations\""));
    }

    [Fact]
    public async Task Two_readers_over_the_same_sql_at_once_each_get_their_own_statement_and_the_right_rows()
    {
        await using var app = await AppHarness.StartAsync();
        await using var db = app.NewDbContext();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var slugs = db.Consultations.AsNoTracking().OrderBy(c => c.Slug).Select(c => c.Slug);
        var expected = await slugs.ToListAsync();
        Assert.True(expected.Count > 1);

        var pairs = new List<(string Outer, string Inner)>();
        await foreach (var outer in slugs.AsAsyncEnumerable())
        await foreach (var inner in slugs.AsAsyncEnumerable())
            pairs.Add((outer, inner));

        Assert.Equal(expected.SelectMany(o => expected.Select(i => (o, i))), pairs);
        Assert.Equal(expected, await slugs.ToListAsync());
    }

    [Fact]
    public async Task A_statement_whose_reader_ef_left_open_is_not_kept_and_its_sql_runs_again()
    {
        await using var app = await AppHarness.StartAsync();
        var failOnce = new FailingOnceAfterReading();
        var options = new DbContextOptionsBuilder<ConsultationDbContext>();
        app.Services.GetRequiredService<IDatabaseProvider>().Configure(options);
        await using var db = new ConsultationDbContext(options.AddInterceptors(failOnce).Options);
        await db.Database.OpenConnectionAsync();

        // EF disposes the command but not the reader it had opened when what follows the execution fails.
        await Assert.ThrowsAsync<InvalidOperationException>(() => CountBySlugAsync(db, Slugs.OpenForComment));
        Assert.Equal(1, await CountBySlugAsync(db, Slugs.OpenForComment));
        Assert.Equal(0, await CountBySlugAsync(db, "no-such-consultation"));
    }

    [Fact]
    public async Task A_statement_lent_out_when_its_connection_closed_and_opened_again_is_not_kept()
    {
        await using var app = await AppHarness.StartAsync();
        await using var db = app.NewDbContext();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        var slugs = db.Consultations.AsNoTracking().Select(c => c.Slug);

        await using (var reading = slugs.AsAsyncEnumerable().GetAsyncEnumerator())
        {
            Assert.True(await reading.MoveNextAsync());
            // Closing disposes every command of the connection, the one lent to this reader too.
            await connection.CloseAsync();
            await connection.OpenAsync();
        }
        Assert.NotEmpty(await slugs.ToListAsync());
        await connection.CloseAsync();
        await connection.OpenAsync();

        Assert.DoesNotContain(Prepared(db), s => s.Sql.Contains("\"Consultations\""));
    }

    [Fact]
    public async Task One_sql_more_than_are_kept_lets_the_kept_ones_go_and_keeps_the_newest()
    {
        await using var app = await AppHarness.StartAsync(seedDemoData: false);
        await using var db = app.NewDbContext();
        await db.Database.OpenConnectionAsync();

        // Each a SQL of its own (numbers the test writes, nothing from outside).
        foreach (var sql in Enumerable.Range(0, SqliteStatementReuse.MaxKept + 6).Select(i => $"SELECT {i} WHERE 1 = 0"))
            await db.Database.ExecuteSqlRawAsync(sql);

        var kept = Prepared(db).Where(s => s.Sql.EndsWith("WHERE 1 = 0", StringComparison.Ordinal)).Select(s => s.Sql).ToList();
        Assert.InRange(kept.Count, 1, SqliteStatementReuse.MaxKept);
        Assert.Contains($"SELECT {SqliteStatementReuse.MaxKept + 5} WHERE 1 = 0", kept);
    }

    [Fact]
    public async Task A_query_joins_a_transaction_begun_on_the_connection_itself_as_with_the_connections_own_commands()
    {
        await using var app = await AppHarness.StartAsync();
        await using var db = app.NewDbContext();
        await db.Database.OpenConnectionAsync();
        await using var snapshot = ((SqliteConnection)db.Database.GetDbConnection()).BeginTransaction(deferred: true);

        Assert.Equal(1, await CountBySlugAsync(db, Slugs.OpenForComment));
    }

    /// <summary>Fails the first query once its reader is open, as a diagnostic listener or interceptor may.</summary>
    private sealed class FailingOnceAfterReading : DbCommandInterceptor
    {
        private int _failed;

        public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result,
            CancellationToken cancellationToken = default) =>
            Interlocked.Exchange(ref _failed, 1) == 0 ? throw new InvalidOperationException("Failed after reading.") : ValueTask.FromResult(result);
    }

    /// <summary>The statements SQLite holds prepared on the context's open connection, with their SQL.</summary>
    private static List<(IntPtr Handle, string Sql)> Prepared(ConsultationDbContext db)
    {
        // SQLite's own list, read natively: SQLitePCL's wrapper of sqlite3_next_stmt knows only the statements it made itself.
        var connection = ((SqliteConnection)db.Database.GetDbConnection()).Handle!.DangerousGetHandle();
        var statements = new List<(IntPtr, string)>();
        for (var statement = NextStatement(connection, IntPtr.Zero); statement != IntPtr.Zero; statement = NextStatement(connection, statement))
            statements.Add((statement, Marshal.PtrToStringUTF8(SqlOf(statement)) ?? ""));
        return statements;
    }

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_next_stmt")]
    private static extern IntPtr NextStatement(IntPtr connection, IntPtr statement);

    [DllImport("e_sqlite3", EntryPoint = "sqlite3_sql")]
    private static extern IntPtr SqlOf(IntPtr statement);
}
