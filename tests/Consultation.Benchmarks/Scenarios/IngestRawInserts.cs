using System.Diagnostics;
using System.Globalization;
using Consultation.Application.Persistence;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;
using Microsoft.Data.Sqlite;

namespace Consultation.Benchmarks.Scenarios;

/// <summary>
/// The baseline: the same rows the pipeline writes (a submission, its first version, which the triggers put into the
/// search index, and its ledger entry chained to the head), made with the domain as the handler makes them, inserted with
/// prepared Microsoft.Data.Sqlite commands in transactions of <see cref="BatchSize"/>, with the provider's pragmas
/// (WAL, synchronous=FULL, foreign keys): what the disk and SQLite allow, with no application in the way.
/// </summary>
public static class IngestRawInserts
{
    public const int BatchSize = 1_000;

    // The portal's own per-connection settings, so that the baseline syncs as the pipeline does.
    private const string Pragmas = Application.Persistence.Sqlite.SqliteDatabaseProvider.ConnectionPragmas;

    private const string InsertSubmission =
        """
        INSERT INTO "Submissions" ("Id", "ConsultationId", "AuthorId", "OnBehalfOfBodyId", "MandateId", "RepliesToId", "IdempotencyKey",
            "FirstSubmittedAt", "IsLate", "WithdrawnAt", "WithdrawalReason", "ConcurrencyToken")
        VALUES ($id, $consultation, $author, NULL, NULL, NULL, $key, $at, $late, NULL, NULL, $token)
        """;

    private const string InsertVersion =
        """
        INSERT INTO "SubmissionVersions" ("Id", "SubmissionId", "Number", "Stance", "Text", "BlockingReason", "RatificationEvidence",
            "RatifiedOn", "SubmittedBy", "RequestKey", "SubmittedAt", "IsLate", "ContentHash")
        VALUES ($id, $submission, $number, $stance, $text, NULL, NULL, NULL, $by, $key, $at, $late, $hash)
        """;

    private const string InsertLedgerEntry =
        """
        INSERT INTO "Ledger" ("Sequence", "Kind", "SubjectId", "ContentHash", "RecordedAt", "PreviousHash", "Hash")
        VALUES ($sequence, $kind, $subject, $hash, $at, $previous, $own)
        """;

    /// <summary>
    /// Builds <paramref name="count"/> rows (untimed), inserts them into <paramref name="databaseFile"/> in transactions of
    /// <paramref name="batchSize"/>; returns rows per second.
    /// </summary>
    public static async Task<double> InsertAsync(IngestDatabase database, string databaseFile, int count, CancellationToken cancellationToken,
        int batchSize = BatchSize)
    {
        var rows = Build(database, count);
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databaseFile, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var pragmas = connection.CreateCommand())
        {
            pragmas.CommandText = Pragmas;
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }
        // Prepared once, before the clock starts, and used for every transaction: a commit of one row pays no preparing.
        await using var submissions = Prepare(connection, InsertSubmission, "$id", "$consultation", "$author", "$key", "$at", "$late", "$token");
        await using var versions = Prepare(connection, InsertVersion, "$id", "$submission", "$number", "$stance", "$text", "$by", "$key", "$at", "$late", "$hash");
        await using var ledger = Prepare(connection, InsertLedgerEntry, "$sequence", "$kind", "$subject", "$hash", "$at", "$previous", "$own");
        var clock = Stopwatch.StartNew();
        foreach (var batch in rows.Chunk(batchSize))
        {
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            foreach (var command in new[] { submissions, versions, ledger }) command.Transaction = transaction;
            foreach (var (submission, entry) in batch)
            {
                var version = submission.Current;
                await RunAsync(submissions, cancellationToken, Id(submission.Id), Id(submission.ConsultationId), submission.AuthorId,
                    Id(submission.IdempotencyKey), Instant(submission.FirstSubmittedAt), submission.IsLate, Id(Guid.NewGuid()));
                await RunAsync(versions, cancellationToken, Id(version.Id), Id(version.SubmissionId), version.Number, version.Stance.ToString(),
                    version.Text, version.SubmittedBy, Id(version.RequestKey), Instant(version.SubmittedAt), version.IsLate, version.ContentHash);
                await RunAsync(ledger, cancellationToken, entry.Sequence, entry.Kind.ToString(), Id(entry.SubjectId), entry.ContentHash,
                    Instant(entry.RecordedAt), entry.PreviousHash, entry.Hash);
            }
            await transaction.CommitAsync(cancellationToken);
        }
        return count / clock.Elapsed.TotalSeconds;
    }

    /// <summary>The rows as the handler makes them: Submission.Submit, then the ledger entry appended to the head.</summary>
    private static List<(Submission Submission, LedgerEntry Entry)> Build(IngestDatabase database, int count)
    {
        var rows = new List<(Submission, LedgerEntry)>(count);
        var head = database.LedgerHead;
        for (var i = 0; i < count; i++)
        {
            var (stance, text) = IngestTexts.Get(i + 1);
            var author = database.Members[i % database.Members.Count];
            var submission = Submission.Submit(database.Consultation, author, null, null, new SubmissionContent(stance, text), null, Guid.NewGuid(),
                DateTimeOffset.UtcNow);
            head = LedgerEntry.Append(head, LedgerEntryKind.SubmissionVersion, submission.Current.Id, submission.Current.ContentHash,
                submission.Current.SubmittedAt);
            rows.Add((submission, head));
        }
        return rows;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    private static async Task RunAsync(SqliteCommand command, CancellationToken cancellationToken, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) command.Parameters[i].Value = values[i];
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // As EF Core's SQLite provider stores them: Guids as upper-case text, instants through the portal's converter.
    private static string Id(Guid id) => id.ToString().ToUpperInvariant();

    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString(UtcInstantConverter.Format, CultureInfo.InvariantCulture);
}
