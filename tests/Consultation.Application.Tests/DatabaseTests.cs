using System.Globalization;
using Consultation.Application.Persistence;
using Consultation.Domain.Submissions;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests;

public sealed class DatabaseTests
{
    [Fact]
    public async Task The_model_has_no_changes_missing_from_the_migrations()
    {
        await using var app = AppHarness.Create(seedDemoData: false);
        await using var db = app.NewDbContext();
        Assert.False(db.Database.HasPendingModelChanges(), "The model has changes that no migration captures: add a migration.");
    }

    [Fact]
    public async Task Migrating_an_empty_database_file_applies_every_migration()
    {
        await using var app = AppHarness.Create(seedDemoData: false);
        await File.WriteAllBytesAsync(app.DatabaseFile, []);

        await app.InitializeDatabaseAsync();

        await using var db = app.NewDbContext();
        var migrations = db.Database.GetMigrations().ToList();
        Assert.NotEmpty(migrations);
        Assert.Equal(migrations, await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Consultations.CountAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Connections_from_the_factory_use_wal_foreign_keys_a_busy_timeout_and_full_sync(bool openAsync)
    {
        await using var app = await AppHarness.StartAsync(seedDemoData: false);
        await using var db = app.NewDbContext();
        if (openAsync) await db.Database.OpenConnectionAsync();
        else db.Database.OpenConnection();

        Assert.Equal("wal", Pragma(db, "journal_mode"));
        Assert.Equal("1", Pragma(db, "foreign_keys"));
        Assert.Equal("10000", Pragma(db, "busy_timeout"));
        Assert.Equal("2", Pragma(db, "synchronous"));
    }

    [Fact]
    public async Task A_writer_queues_behind_an_open_write_transaction_and_goes_on_the_moment_it_ends_even_unended()
    {
        await using var app = await AppHarness.StartAsync(seedDemoData: false);
        await using var first = app.NewDbContext();
        var open = await first.Database.BeginTransactionAsync();

        await using var second = app.NewDbContext();
        var queued = second.Database.BeginTransactionAsync();
        await Task.Delay(200);
        Assert.False(queued.IsCompleted, "The second writer should wait for the first one's turn to end.");

        // Disposed without a commit (a handler that returned early): the turn ends with it, long before any timeout.
        await open.DisposeAsync();
        await using var next = await queued.WaitAsync(TimeSpan.FromSeconds(5));
        await next.CommitAsync();
    }

    [Fact]
    public async Task A_second_submission_with_the_same_author_and_idempotency_key_is_refused_by_the_database()
    {
        await using var app = await AppHarness.StartAsync();
        await using var db = app.NewDbContext();
        var ksk = await db.Consultations.SingleAsync(c => c.Slug == Slugs.OpenForComment);
        var earlier = await db.Submissions.OrderBy(s => s.FirstSubmittedAt).FirstAsync(s => s.ConsultationId == ksk.Id);
        Submission Resend(Guid key) => Submission.Submit(ksk, earlier.AuthorId, null, null,
            new SubmissionContent(Stance.Support, "The same comment, sent again."), null, key, app.Clock.GetUtcNow());

        db.Submissions.Add(Resend(earlier.IdempotencyKey));
        var refused = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        var sqlite = Assert.IsType<SqliteException>(refused.InnerException);
        Assert.Equal(2067, sqlite.SqliteExtendedErrorCode); // SQLITE_CONSTRAINT_UNIQUE
        Assert.Contains("Submissions.AuthorId, Submissions.IdempotencyKey", sqlite.Message);
        // The same submission with a fresh key is accepted: the key alone made the difference.
        await using var retry = app.NewDbContext();
        retry.Submissions.Add(Resend(Guid.NewGuid()));
        Assert.Equal(2, await retry.SaveChangesAsync()); // the submission and its version
    }

    [Fact]
    public async Task A_revision_of_a_loaded_submission_is_saved_as_a_new_version()
    {
        await using var app = await AppHarness.StartAsync();
        Guid submissionId;
        await using (var db = app.NewDbContext())
        {
            var ksk = await db.Consultations.SingleAsync(c => c.Slug == Slugs.OpenForComment);
            var submission = await db.Submissions.Include(s => s.Versions).FirstAsync(s => s.ConsultationId == ksk.Id);
            submission.Revise(submission.AuthorId, ksk, new SubmissionContent(Stance.Concerns, "On reflection, some concerns."), app.Clock.GetUtcNow());
            await db.SaveChangesAsync();
            submissionId = submission.Id;
        }

        await using var reader = app.NewDbContext();
        Assert.Equal([1, 2], await reader.SubmissionVersions.Where(v => v.SubmissionId == submissionId).Select(v => v.Number).OrderBy(n => n).ToListAsync());
    }

    private static string? Pragma(ConsultationDbContext db, string name)
    {
        using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = $"PRAGMA {name};";
        return Convert.ToString(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}
