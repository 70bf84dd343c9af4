using Consultation.Application.Features.Submissions;
using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Submissions;

/// <summary>
/// Submissions that arrive together are saved in shared transactions (GroupCommit), yet each is answered on its own:
/// one refused inside its write step is refused alone, and every other is saved, in the ledger, before its receipt.
/// </summary>
public sealed class GroupCommitTests : SubmissionTestBase
{
    private const int Sent = 40;

    [Fact]
    public async Task Submissions_sent_together_share_commits_and_one_refused_in_its_step_is_refused_alone()
    {
        var consultationId = (await OpenAsync()).Id;
        var member = await App.CallerAsync(People.Member);
        var commits = App.Services.GetRequiredService<GroupCommit>();
        var (committedBefore, rowsBefore) = (commits.Committed, await RowCountsAsync());

        // Every tenth cites a section no proposal has: refused by the handler inside the write step, not by validation.
        static bool Refused(int i) => i % 10 == 3;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Sent).Select(i => Task.Run(async () =>
        {
            var command = Position(consultationId, text: $"Position {i}, sent with the others.");
            try
            {
                return (Receipt: await App.SendAsync(Refused(i) ? command with { CitedSectionIds = [Guid.NewGuid()] } : command, member), Failure: (Exception?)null);
            }
            catch (Exception failure)
            {
                return (Receipt: (SubmissionReceipt?)null, Failure: failure);
            }
        })));

        var refused = Enumerable.Range(0, Sent).Count(Refused);
        Assert.All(outcomes.Where((_, i) => Refused(i)), o => Assert.IsType<InputInvalidException>(o.Failure));
        Assert.All(outcomes.Where((_, i) => !Refused(i)), o => Assert.Null(o.Failure));
        var receipts = outcomes.Select(o => o.Receipt).OfType<SubmissionReceipt>().ToList();
        var rows = await RowCountsAsync();
        Assert.Equal((rowsBefore.Submissions + Sent - refused, rowsBefore.LedgerEntries + Sent - refused), (rows.Submissions, rows.LedgerEntries));
        var ledger = await LedgerAsync();
        AssertIntact(ledger);
        Assert.All(receipts, r => Assert.Contains(ledger, e => e.Sequence == r.LedgerSequence && e.ContentHash == r.ContentHash));

        var committed = commits.Committed;
        Assert.Equal(Sent - refused, committed.Steps - committedBefore.Steps);
        Assert.True(committed.Groups - committedBefore.Groups < Sent - refused,
            $"{Sent - refused} submissions sent at once took {committed.Groups - committedBefore.Groups} commits: none were grouped.");
        // What the benchmark reports as the writer's busy time: counted, and the commits are part of it.
        var (writing, committing) = (committed.Writing - committedBefore.Writing, committed.Committing - committedBefore.Committing);
        Assert.True(committing > TimeSpan.Zero && writing > committing, $"Writing {writing}, committing {committing}.");
    }

    /// <summary>
    /// A step that saves and then fails is undone alone (EF's savepoint around each save is off in a group): the group is
    /// rolled back and its other steps run again, each in a savepoint, and are committed; the group bumps the archive
    /// revision once, not once for each save.
    /// </summary>
    [Fact]
    public async Task A_step_that_fails_after_saving_is_undone_alone_and_its_group_bumps_the_archive_revision_once()
    {
        var consultationId = (await OpenAsync()).Id;
        var personId = await PersonIdAsync(People.Member);
        var commits = App.Services.GetRequiredService<GroupCommit>();
        var revisionBefore = await RevisionAsync();

        // The writer is held inside a step of its own until the three steps below are queued: they share the next group.
        var (holding, release) = (new TaskCompletionSource(), new TaskCompletionSource());
        var held = commits.WriteAsync(async (_, _) =>
        {
            holding.SetResult();
            await release.Task;
            return Guid.Empty;
        }, CancellationToken.None);
        await holding.Task;
        var runs = new int[4];
        Task<Guid> Step(int number, bool fail) => commits.WriteAsync((db, _) =>
        {
            runs[number]++;
            return SaveSubmissionAsync(db, consultationId, personId, fail);
        }, CancellationToken.None);
        var first = Step(0, fail: false);
        var undone = Step(1, fail: true);
        var saved = new[] { first, Step(2, fail: false), Step(3, fail: false) };
        var groupsBefore = commits.Committed.Groups;
        release.SetResult();
        await held;

        var ids = await Task.WhenAll(saved);
        Assert.Equal("Failed after saving.", (await Assert.ThrowsAsync<InvalidOperationException>(() => undone)).Message);
        Assert.Equal(2, commits.Committed.Groups - groupsBefore); // the held step's group, then one for the four
        // Run without savepoints first: the step before the failure ran again, the failed one did not, those after once.
        Assert.Equal([2, 1, 1, 1], runs);
        await using var check = App.NewDbContext();
        Assert.Equal(3, await check.Submissions.CountAsync(s => ids.Contains(s.Id)));
        // The first run's entries were rolled back with it: the ledger chains through the second run's alone.
        AssertIntact(await LedgerAsync());
        Assert.Equal(3, await check.Ledger.CountAsync(e => check.SubmissionVersions.Any(v => v.Id == e.SubjectId && ids.Contains(v.SubmissionId))));
        Assert.Equal(["Saved in a group.", "Saved in a group.", "Saved in a group."],
            await check.SubmissionVersions.Where(v => v.SubmittedBy == personId && v.Text.StartsWith("Saved in a group")).Select(v => v.Text).ToListAsync());
        Assert.Equal(revisionBefore + 1, await RevisionAsync());
    }

    [Fact]
    public async Task The_writers_context_goes_from_group_to_group_with_its_settings_put_back()
    {
        var commits = App.Services.GetRequiredService<GroupCommit>();
        var tracking = await commits.WriteAsync((db, _) =>
        {
            var found = db.ChangeTracker.QueryTrackingBehavior;
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.NoTracking;
            db.Database.SetCommandTimeout(1);
            return Task.FromResult(found);
        }, CancellationToken.None);

        var next = await commits.WriteAsync((db, _) => Task.FromResult((db.ChangeTracker.QueryTrackingBehavior, db.Database.GetCommandTimeout())),
            CancellationToken.None);

        Assert.Equal((tracking, (int?)null), next);
    }

    [Fact]
    public async Task A_lone_step_that_fails_is_run_once_and_commits_nothing()
    {
        var consultationId = (await OpenAsync()).Id;
        var personId = await PersonIdAsync(People.Member);
        var commits = App.Services.GetRequiredService<GroupCommit>();
        var before = commits.Committed;
        var runs = 0;

        await Assert.ThrowsAsync<InvalidOperationException>(() => commits.WriteAsync((db, _) =>
        {
            runs++;
            return SaveSubmissionAsync(db, consultationId, personId, fail: true);
        }, CancellationToken.None));

        Assert.Equal(1, runs);
        Assert.Equal((before.Groups, before.Steps), (commits.Committed.Groups, commits.Committed.Steps));
        await using var check = App.NewDbContext();
        Assert.False(await check.SubmissionVersions.AnyAsync(v => v.Text == "Saved in a group, then undone."));
        // The writer keeps its connection open: its rollback, not a close, must end its turn at the write lock, or the
        // next writer would wait out the gate's patience (10 s).
        await using var next = await check.Database.BeginTransactionAsync().WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>Saves a submission in the step's transaction; with <paramref name="fail"/>, then fails.</summary>
    private async Task<Guid> SaveSubmissionAsync(ConsultationDbContext db, Guid consultationId, string personId, bool fail)
    {
        var consultation = await db.Consultations.SingleAsync(c => c.Id == consultationId);
        var submission = Submission.Submit(consultation, personId, null, null,
            new SubmissionContent(Stance.Support, fail ? "Saved in a group, then undone." : "Saved in a group."), null, Guid.NewGuid(), Now);
        db.Submissions.Add(submission);
        await App.Services.GetRequiredService<LedgerWriter>().AppendAsync(db, LedgerEntryKind.SubmissionVersion, submission.Current.Id,
            submission.Current.ContentHash, Now, CancellationToken.None);
        await db.SaveChangesAsync();
        return fail ? throw new InvalidOperationException("Failed after saving.") : submission.Id;
    }

    private async Task<long> RevisionAsync()
    {
        await using var db = App.NewDbContext();
        return await db.Set<ArchiveRevision>().Where(r => r.Id == ArchiveRevision.SingletonId).Select(r => r.Number).SingleAsync();
    }
}
