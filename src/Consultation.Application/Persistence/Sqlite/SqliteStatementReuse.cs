using System.Data;
using System.Data.Common;
using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Consultation.Application.Persistence.Sqlite;

/// <summary>
/// Keeps EF's statements prepared for as long as their connection stays open, so that a statement run again on it (the
/// same SQL with new values) is not compiled again. Microsoft.Data.Sqlite keeps a statement prepared only for the life
/// of its command, and EF makes a command for every statement it runs (dotnet/efcore#14044). Compiling cost about as
/// much processor time as running: an insert into a table whose triggers keep the search index compiles those triggers
/// too (docs/BENCHMARKS.md, ingest). The group writer (<see cref="GroupCommit"/>) runs the same few statements for every
/// submission of a group on one open connection; a connection opened for one query gains nothing and loses little.
/// </summary>
/// <remarks>
/// EF is handed a stand-in command (<see cref="ReusedCommand"/>) that, when run, borrows the connection's prepared
/// command for its SQL (or makes one) and gives it back when EF disposes it. A command already lent out (a reader still
/// open over the same SQL) is not shared: the second borrower gets a command of its own. Closing a connection finalizes
/// the statements of its commands (Microsoft.Data.Sqlite does that), so the kept commands are forgotten then, and a
/// reopened connection starts with none. SQLite itself compiles a kept statement again if the schema changed under it.
/// </remarks>
internal sealed class SqliteStatementReuse : DbCommandInterceptor
{
    /// <summary>Statements kept per open connection; one more SQL than these and the kept ones are let go.</summary>
    public const int MaxKept = 32;

    private static readonly ConditionalWeakTable<SqliteConnection, KeptStatements> Kept = new();

    public override InterceptionResult<DbCommand> CommandCreating(CommandCorrelatedEventData eventData, InterceptionResult<DbCommand> result)
    {
        if (eventData.Connection is not SqliteConnection connection || result.HasResult) return result;
        return InterceptionResult<DbCommand>.SuppressWithResult(new ReusedCommand(connection, Kept.GetValue(connection, c => new KeptStatements(c))));
    }

    /// <summary>The prepared commands of one connection by their SQL, kept while it is open.</summary>
    private sealed class KeptStatements
    {
        private readonly Dictionary<string, SqliteCommand> _idle = new(StringComparer.Ordinal);

        public KeptStatements(SqliteConnection connection) =>
            connection.StateChange += (_, change) =>
            {
                if (change.CurrentState != ConnectionState.Closed) return;
                // Closing disposed every command of the connection, kept and lent ones alike: none may be used again.
                _idle.Clear();
                Opening++;
            };

        /// <summary>How many times the connection has closed: a command lent before a close is not kept after it.</summary>
        public int Opening { get; private set; }

        public SqliteCommand Borrow(SqliteConnection connection, string sql) =>
            _idle.Remove(sql, out var kept) ? kept : new SqliteCommand(sql, connection);

        /// <summary>Keeps the command for its SQL's next run, unless it cannot be trusted to be reused (then disposes it).</summary>
        public void GiveBack(SqliteConnection connection, SqliteCommand command, bool reusable)
        {
            command.Parameters.Clear();
            command.Transaction = null;
            if (!reusable || connection.State != ConnectionState.Open || _idle.ContainsKey(command.CommandText))
            {
                command.Dispose();
                return;
            }
            // Full: start again rather than keep the first shapes seen for good (the group writer's connection lives long).
            if (_idle.Count >= MaxKept) Forget();
            _idle.Add(command.CommandText, command);
        }

        private void Forget()
        {
            foreach (var idle in _idle.Values) idle.Dispose();
            _idle.Clear();
        }
    }

    /// <summary>
    /// What EF fills in and runs: its parameters and transaction go to the borrowed command for each run. It behaves as
    /// <see cref="SqliteConnection.CreateCommand"/>'s would: the connection's default timeout, and the transaction begun
    /// on the connection when EF names none.
    /// </summary>
    private sealed class ReusedCommand(SqliteConnection connection, KeptStatements kept) : DbCommand
    {
        private readonly Parameters _parameters = new();
        private SqliteCommand? _borrowed;
        private int _borrowedIn;
        private DbDataReader? _reader;

        [AllowNull]
        public override string CommandText { get; set; } = "";
        public override int CommandTimeout { get; set; } = connection.DefaultTimeout;
        public override CommandType CommandType { get; set; } = CommandType.Text;
        public override UpdateRowSource UpdatedRowSource { get; set; }
        public override bool DesignTimeVisible { get; set; }
        protected override DbParameterCollection DbParameterCollection => _parameters;
        protected override DbTransaction? DbTransaction { get; set; }

        protected override DbConnection? DbConnection
        {
            get => connection;
            set
            {
                if (value != connection) throw new NotSupportedException("A reused statement stays on the connection it was made for.");
            }
        }

        public override void Cancel() => _borrowed?.Cancel();

        protected override DbParameter CreateDbParameter() => new SqliteParameter();

        public override void Prepare() => Borrowed().Prepare();

        public override int ExecuteNonQuery() => Borrowed().ExecuteNonQuery();

        public override object? ExecuteScalar() => Borrowed().ExecuteScalar();

        protected override DbDataReader ExecuteDbDataReader(CommandBehavior behavior) => _reader = Borrowed().ExecuteReader(behavior);

        /// <summary>The connection's command for this SQL, set up with this run's parameters and transaction.</summary>
        private SqliteCommand Borrowed()
        {
            if (CommandType != CommandType.Text) throw new NotSupportedException("SQLite runs text commands only.");
            if (_borrowed is not null && _borrowed.CommandText != CommandText) GiveBack();
            if (_borrowed is null) (_borrowed, _borrowedIn) = (kept.Borrow(connection, CommandText), kept.Opening);
            _borrowed.Transaction = (SqliteTransaction?)DbTransaction ?? TransactionOfTheConnection();
            _borrowed.CommandTimeout = CommandTimeout;
            _borrowed.Parameters.Clear();
            foreach (SqliteParameter parameter in _parameters) _borrowed.Parameters.Add(parameter);
            return _borrowed;
        }

        /// <summary>
        /// The transaction begun on the connection itself, if any (EF names its own, so this is only asked when it has
        /// none): the connection keeps it from all but the commands it makes.
        /// </summary>
        private SqliteTransaction? TransactionOfTheConnection()
        {
            using var probe = connection.CreateCommand();
            return probe.Transaction;
        }

        /// <summary>
        /// Gives the command back for reuse, unless its reader was left open (disposed here, as disposing a SqliteCommand
        /// would: an open one would keep its statement mid-step and its read snapshot) or the connection has closed since
        /// it was lent (which disposed it).
        /// </summary>
        private void GiveBack()
        {
            if (_borrowed is null) return;
            var readerLeftOpen = _reader is { IsClosed: false };
            if (readerLeftOpen) _reader!.Dispose();
            kept.GiveBack(connection, _borrowed, reusable: !readerLeftOpen && _borrowedIn == kept.Opening);
            (_borrowed, _reader) = (null, null);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) GiveBack();
            base.Dispose(disposing);
        }
    }

    private sealed class Parameters : SqliteParameterCollection;
}
