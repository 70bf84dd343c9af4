using Consultation.Application.Persistence;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests;

/// <summary>Two people change the same thing from the same starting point: the first save wins, the second is refused.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private AppHarness _app = null!;

    public async Task InitializeAsync()
    {
        _app = await AppHarness.StartAsync();
        // The demo's decided review is frozen: the open consultation gets a review with its submissions entered.
        var chair = (await _app.CallerAsync("chair@demo.example")).PersonId!;
        await using var db = _app.NewDbContext();
        var consultation = await db.Consultations.SingleAsync(c => c.Slug == "ksk-rollover-communication-plan");
        var cycle = new ReviewCycle(consultation.Id, ReviewCycle.StandardLadder.Select(n => new StagePlan(null, n, [chair])).ToList(),
            ItemEntry.AtOnce, _app.Clock.GetUtcNow());
        db.ReviewCycles.Add(cycle);
        foreach (var submission in await db.Submissions.Where(s => s.ConsultationId == consultation.Id).ToListAsync())
            db.ReviewItems.Add(cycle.Enter(submission.Id, chair, _app.Clock.GetUtcNow()));
        await db.SaveChangesAsync();
    }
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Of_two_chairs_answering_the_same_review_item_the_second_is_refused()
    {
        var chair = (await _app.CallerAsync("chair@demo.example")).PersonId!;
        Guid itemId = default;
        async Task AnswerAsync(ConsultationDbContext db, string response)
        {
            var item = await db.ReviewItems.Where(i => db.ReviewCycles.Any(c => c.Id == i.ReviewCycleId && c.CompletedAt == null))
                .OrderBy(i => i.SubmissionId).FirstAsync();
            var cycle = await db.ReviewCycles.Include(c => c.Stages).SingleAsync(c => c.Id == item.ReviewCycleId);
            item.SetDisposition(cycle, chair, Disposition.OutOfScope, response, null, _app.Clock.GetUtcNow());
            itemId = item.Id;
        }

        await AssertFirstSaveWinsAsync(db => AnswerAsync(db, "The first chair's answer."), db => AnswerAsync(db, "The second chair's answer."));

        await using var reader = _app.NewDbContext();
        var saved = await reader.ReviewItems.SingleAsync(i => i.Id == itemId);
        Assert.Equal((Disposition.OutOfScope, "The first chair's answer."), (saved.Disposition, saved.Response));
    }

    [Fact]
    public async Task Of_two_chairs_rearranging_the_same_review_cycle_the_second_is_refused()
    {
        var chair = (await _app.CallerAsync("chair@demo.example")).PersonId!;
        async Task AppointAsync(ConsultationDbContext db, string deputy)
        {
            var cycle = await db.ReviewCycles.Include(c => c.Stages).SingleAsync(c => c.CompletedAt == null);
            cycle.AppointChair(cycle.First, deputy);
            db.Touch(cycle);
        }

        await AssertFirstSaveWinsAsync(db => AppointAsync(db, chair + "-deputy-1"), db => AppointAsync(db, chair + "-deputy-2"));
    }

    private async Task AssertFirstSaveWinsAsync(Func<ConsultationDbContext, Task> first, Func<ConsultationDbContext, Task> second)
    {
        await using var one = _app.NewDbContext();
        await using var other = _app.NewDbContext();
        await first(one);
        await second(other);

        await one.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => other.SaveChangesAsync());
    }
}
