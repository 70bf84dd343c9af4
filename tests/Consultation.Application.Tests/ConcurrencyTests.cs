using Consultation.Application.Features.Ledger;
using Consultation.Application.Features.Reviews;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Ledger;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Reviews;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests;

/// <summary>
/// Many people change the same things at once, against a real SQLite file: nothing acknowledged is lost, no
/// "database is locked" reaches anyone, and of two changes made from the same state exactly one wins.
/// </summary>
public sealed class ConcurrencyTests : ReviewTestBase
{
    private const int Submitters = 50;
    /// <summary>Of the submitters, how many speak for one body (the ccNSO): their submissions are versions of its one position.</summary>
    private const int Representatives = 10;
    private const int RevisionsEach = 2;
    private const int ContestedRounds = 6;

    [Fact]
    public async Task Of_two_chairs_answering_the_same_review_item_the_second_is_refused()
    {
        await EnteredAsync();
        var chair = await PersonIdAsync(People.Chair);
        Guid itemId = default;
        async Task AnswerAsync(ConsultationDbContext db, string response)
        {
            var item = await db.ReviewItems.Where(i => db.ReviewCycles.Any(c => c.Id == i.ReviewCycleId && c.CompletedAt == null))
                .OrderBy(i => i.SubmissionId).FirstAsync();
            var cycle = await db.ReviewCycles.Include(c => c.Stages).SingleAsync(c => c.Id == item.ReviewCycleId);
            item.SetDisposition(cycle, chair, Disposition.OutOfScope, response, null, Now);
            itemId = item.Id;
        }

        await AssertFirstSaveWinsAsync(db => AnswerAsync(db, "The first chair's answer."), db => AnswerAsync(db, "The second chair's answer."));

        await using var reader = App.NewDbContext();
        var saved = await reader.ReviewItems.SingleAsync(i => i.Id == itemId);
        Assert.Equal((Disposition.OutOfScope, "The first chair's answer."), (saved.Disposition, saved.Response));
    }

    [Fact]
    public async Task Of_two_chairs_rearranging_the_same_review_cycle_the_second_is_refused()
    {
        await EnteredAsync();
        var chair = await PersonIdAsync(People.Chair);
        async Task AppointAsync(ConsultationDbContext db, string deputy)
        {
            var cycle = await db.ReviewCycles.Include(c => c.Stages).SingleAsync(c => c.CompletedAt == null);
            cycle.AppointChair(cycle.First, deputy);
            db.Touch(cycle);
        }

        await AssertFirstSaveWinsAsync(db => AppointAsync(db, chair + "-deputy-1"), db => AppointAsync(db, chair + "-deputy-2"));
    }

    [Fact]
    public async Task The_same_persons_draft_saved_from_two_tabs_at_once_stays_one_draft()
    {
        var consultationId = (await OpenAsync()).Id;
        var member = await App.CallerAsync(People.Member);
        for (var round = 0; round < 8; round++)
        {
            await App.SendAsync(new DiscardDraft.Command(consultationId, null), member);

            await AtOnceAsync(
                () => App.SendAsync(Draft(consultationId, $"Round {round}, written in one tab."), member),
                () => App.SendAsync(Draft(consultationId, $"Round {round}, written in another tab."), member));

            await using var db = App.NewDbContext();
            var drafts = await db.Drafts.Where(d => d.PersonId == member.PersonId && d.ConsultationId == consultationId).ToListAsync();
            Assert.StartsWith($"Round {round}, written in", Assert.Single(drafts).Text);
        }
    }

    /// <summary>
    /// Fifty people submit and revise at once (ten of them as representatives of one body, whose submissions all become
    /// versions of its one position) while two chairs of the first stage enter items and, again and again, act on the same
    /// item from the same page: answer it, assign it, and at the end pass the whole stage up.
    /// </summary>
    [Fact]
    public async Task Fifty_submitters_and_two_chairs_at_once_lose_nothing_meet_no_lock_and_each_contested_change_has_one_winner()
    {
        // Each request holds a thread while SQLite works or waits for the write lock: without enough threads the "at once"
        // would be the thread pool's slow ramp-up rather than contention.
        ThreadPool.GetMinThreads(out var workers, out var completions);
        ThreadPool.SetMinThreads(Math.Max(workers, Submitters + 16), completions);
        try
        {
            await SetUpAsync(ItemEntry.AtOnce, firstStageChairs: $"{People.Chair},{People.Admin}");
            var consultationId = (await OpenAsync()).Id;
            var ccnso = await BodyIdAsync("ccNSO");
            var people = await NewMembersAsync(Submitters);
            foreach (var representative in people.Take(Representatives)) await GrantMandateAsync(representative.Email, "ccNSO");
            var (chair, admin) = (await App.CallerAsync(People.Chair), await App.CallerAsync(People.Admin));

            using var start = new ManualResetEventSlim();
            var submitting = people.Select((person, i) => Task.Run(async () =>
            {
                start.Wait();
                var speaksForBody = i < Representatives;
                var first = await App.SendAsync(Position(consultationId, speaksForBody ? ccnso : null, $"Position of submitter {i}."), person.Caller);
                var receipts = new List<SubmissionReceipt> { first };
                for (var r = 1; r <= RevisionsEach; r++)
                    receipts.Add(await App.SendAsync(Revision(first.SubmissionId, $"Revision {r} of submitter {i}."), person.Caller));
                return receipts;
            })).ToList();
            var chairing = Task.Run(async () =>
            {
                start.Wait();
                return await ContestWhileSubmittingAsync(chair, admin, Task.WhenAll(submitting));
            });
            start.Set();

            // Any exception (a SqliteException "database is locked" above all) fails the test here, with its message.
            var acknowledged = (await Task.WhenAll(submitting)).SelectMany(r => r).ToList();
            var contests = await chairing;

            Assert.Equal(Submitters * (1 + RevisionsEach), acknowledged.Count);
            await AssertEveryAcknowledgedVersionIsStoredAsync(acknowledged);
            var bodyPosition = acknowledged.Where(r => r.OnBehalfOf is not null).Select(r => r.SubmissionId).Distinct();
            Assert.Equal(Representatives * (1 + RevisionsEach), (await StoredAsync(Assert.Single(bodyPosition))).Versions.Count);

            var passedUp = await ContestPassingTheStageUpAsync(chair, admin);
            await AssertOneWinnerAndOneLedgerEntryEachAsync([.. contests, passedUp]);
            await AssertEverySubmissionEnteredOnceAsync();
            await AssertDatabaseWholeAsync();
        }
        finally
        {
            ThreadPool.SetMinThreads(workers, completions);
        }
    }

    /// <summary>One contested change: what it was, the item(s), and who won.</summary>
    private sealed record Contest(string What, IReadOnlyList<Guid> ItemIds, ReviewAction Action, IReadOnlyList<string?> Outcomes);

    /// <summary>
    /// While the submissions pour in, the two chairs enter items together, then act on the first unanswered item from the
    /// same reading of the stage: alternately both answer it and both assign it.
    /// </summary>
    private async Task<IReadOnlyList<Contest>> ContestWhileSubmittingAsync(Caller chair, Caller admin, Task submitting)
    {
        var contests = new List<Contest>();
        for (var round = 0; round < ContestedRounds || !submitting.IsCompleted; round++)
        {
            await AtOnceAsync(() => App.SendAsync(new EnterItems.Command(Slug), chair), () => App.SendAsync(new EnterItems.Command(Slug), admin));
            var stage = await App.SendAsync(new StageItems.Query(Slug, 1), chair);
            var item = stage.Items.Where(i => i.Disposition is null && i.AssigneeName is null).OrderBy(i => i.Id).FirstOrDefault();
            if (item is null) continue;
            var outcomes = round % 2 == 0
                ? await AtOnceAsync(
                    () => TryAsync(chair, new SetDisposition.Command([item.Seen], Disposition.Accepted, $"Round {round}: the chair accepts it.", null)),
                    () => TryAsync(admin, new SetDisposition.Command([item.Seen], Disposition.OutOfScope, $"Round {round}: the administrator finds it out of scope.", null)))
                : await AtOnceAsync(
                    () => TryAsync(chair, new AssignItem.Command(item.Seen, People.Chair)),
                    () => TryAsync(admin, new AssignItem.Command(item.Seen, People.Admin)));
            contests.Add(new Contest($"round {round}", [item.Id], round % 2 == 0 ? ReviewAction.DispositionSet : ReviewAction.Assigned, outcomes));
        }
        return contests;
    }

    /// <summary>Once every item in the first stage is answered, both chairs pass the whole stage up from the same reading.</summary>
    private async Task<Contest> ContestPassingTheStageUpAsync(Caller chair, Caller admin)
    {
        await App.SendAsync(new EnterItems.Command(Slug), chair);
        var unanswered = (await App.SendAsync(new StageItems.Query(Slug, 1), chair)).Items.Where(i => i.Disposition is null).ToList();
        if (unanswered.Count > 0)
            await App.SendAsync(new SetDisposition.Command(unanswered.Select(i => i.Seen).ToList(), Disposition.Accepted, "Accepted.", null), chair);
        var items = (await App.SendAsync(new StageItems.Query(Slug, 1), chair)).Items;
        var seen = items.Select(i => i.Seen).ToList();
        var outcomes = await AtOnceAsync(() => TryAsync(chair, new PassUp.Command(Slug, 1, seen)), () => TryAsync(admin, new PassUp.Command(Slug, 1, seen)));
        return new Contest("passing the first stage up", items.Select(i => i.Id).ToList(), ReviewAction.PassedUp, outcomes);
    }

    /// <summary>Null when the change was made; the refusal's message when someone else's change came first.</summary>
    private async Task<string?> TryAsync<T>(Caller caller, ICommand<T> command)
    {
        try
        {
            await App.SendAsync(command, caller);
            return null;
        }
        catch (ConflictException conflict)
        {
            return conflict.Message;
        }
    }

    private async Task AssertEveryAcknowledgedVersionIsStoredAsync(IReadOnlyList<SubmissionReceipt> acknowledged)
    {
        await using var db = App.NewDbContext();
        var ids = acknowledged.Select(r => r.SubmissionId).Distinct().ToList();
        var stored = (await db.SubmissionVersions.AsNoTracking().Where(v => ids.Contains(v.SubmissionId)).ToListAsync())
            .GroupBy(v => v.SubmissionId).ToDictionary(g => g.Key, g => g.ToDictionary(v => v.Number, v => v.ContentHash));
        foreach (var receipt in acknowledged)
            Assert.Equal(receipt.ContentHash, stored[receipt.SubmissionId].GetValueOrDefault(receipt.Version));
        foreach (var (id, versions) in stored)
        {
            Assert.Equal(Enumerable.Range(1, versions.Count), versions.Keys.Order());
            // Every version acknowledged once: no two receipts for one version, none stored without its receipt.
            Assert.Equal(versions.Count, acknowledged.Count(r => r.SubmissionId == id));
        }
        var recorded = await db.Ledger.AsNoTracking().Where(e => e.Kind == LedgerEntryKind.SubmissionVersion).ToListAsync();
        foreach (var receipt in acknowledged)
            Assert.Single(recorded, e => e.Sequence == receipt.LedgerSequence && e.ContentHash == receipt.ContentHash);
    }

    /// <summary>
    /// Each contest has exactly one winner, and the loser heard why; the item carries exactly one step of that kind from it,
    /// and the ledger one entry per recorded step. The whole ledger verifies against the stored rows.
    /// </summary>
    private async Task AssertOneWinnerAndOneLedgerEntryEachAsync(IReadOnlyList<Contest> contests)
    {
        Assert.True(contests.Count >= ContestedRounds / 2, $"Only {contests.Count} contests happened.");
        await using var db = App.NewDbContext();
        var steps = (await db.ReviewItems.AsNoTracking().ToListAsync()).ToDictionary(i => i.Id, i => i.Steps);
        var ledger = (await db.Ledger.AsNoTracking().ToListAsync()).ToLookup(e => e.SubjectId);
        foreach (var contest in contests)
        {
            Assert.True(contest.Outcomes.Count(o => o is null) == 1, $"{contest.What}: {string.Join(" | ", contest.Outcomes.Select(o => o ?? "made"))}");
            Assert.StartsWith("Someone else changed", Assert.Single(contest.Outcomes, o => o is not null));
            foreach (var itemId in contest.ItemIds)
            {
                var made = Assert.Single(steps[itemId], s => s.Action == contest.Action);
                Assert.Equal(LedgerContent.KindOf(made) is null ? 0 : 1, ledger[made.Id].Count());
            }
        }
        var verification = await App.SendAsync(new VerifyLedger.Query());
        Assert.True(verification.IsIntact, verification.Problem);
    }

    /// <summary>Two chairs entering items at once while submissions arrive: each submission is one item, none twice.</summary>
    private async Task AssertEverySubmissionEnteredOnceAsync()
    {
        var consultationId = (await OpenAsync()).Id;
        await using var db = App.NewDbContext();
        var submissions = await db.Submissions.Where(s => s.ConsultationId == consultationId && s.WithdrawnAt == null).Select(s => s.Id).ToListAsync();
        var entered = await db.ReviewItems.Where(i => db.ReviewCycles.Any(c => c.Id == i.ReviewCycleId && c.ConsultationId == consultationId))
            .Select(i => i.SubmissionId).ToListAsync();
        Assert.Equal(submissions.Order(), entered.Order());
    }

    private async Task AssertDatabaseWholeAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={App.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var check = connection.CreateCommand();
        check.CommandText = "PRAGMA integrity_check;";
        Assert.Equal("ok", await check.ExecuteScalarAsync());
    }

    /// <summary>New confirmed members (no password: they act through the mediator here).</summary>
    private async Task<IReadOnlyList<(string Email, Caller Caller)>> NewMembersAsync(int count) => await App.InScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<Person>>();
        var members = new List<(string, Caller)>();
        for (var i = 0; i < count; i++)
        {
            var person = new Person { UserName = $"submitter{i}@example.org", Email = $"submitter{i}@example.org", EmailConfirmed = true, DisplayName = $"Submitter {i}" };
            var created = await users.CreateAsync(person);
            Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
            await users.AddToRoleAsync(person, Roles.Member);
            members.Add((person.Email, new Caller(person.Id, new HashSet<string> { Roles.Member })));
        }
        return (IReadOnlyList<(string, Caller)>)members;
    });

    private async Task AssertFirstSaveWinsAsync(Func<ConsultationDbContext, Task> first, Func<ConsultationDbContext, Task> second)
    {
        await using var one = App.NewDbContext();
        await using var other = App.NewDbContext();
        await first(one);
        await second(other);

        await one.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => other.SaveChangesAsync());
    }
}
