using Consultation.Application.Persistence;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests;

/// <summary>Two people change the same thing from the same starting point: the first save wins, the second is refused.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private AppHarness _app = null!;

    public async Task InitializeAsync() => _app = await AppHarness.StartAsync();
    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Of_two_chairs_answering_the_same_review_item_the_second_is_refused()
    {
        var chair = (await _app.CallerAsync("chair@demo.example")).PersonId!;
        Guid itemId = default;
        async Task AnswerAsync(ConsultationDbContext db, string response)
        {
            var item = await db.ReviewItems.OrderBy(i => i.SubmissionId).FirstAsync();
            var stage = await db.ReviewStages.SingleAsync(s => s.Id == item.CurrentStageId);
            item.SetDisposition(stage, chair, Disposition.OutOfScope, response, null, _app.Clock.GetUtcNow());
            itemId = item.Id;
        }

        await AssertFirstSaveWinsAsync(db => AnswerAsync(db, "The first chair's answer."), db => AnswerAsync(db, "The second chair's answer."));

        await using var reader = _app.NewDbContext();
        var saved = await reader.ReviewItems.SingleAsync(i => i.Id == itemId);
        Assert.Equal((Disposition.OutOfScope, "The first chair's answer."), (saved.Disposition, saved.Response));
    }

    [Fact]
    public async Task Of_two_chairs_closing_the_same_review_stage_the_second_is_refused()
    {
        var chair = (await _app.CallerAsync("chair@demo.example")).PersonId!;
        async Task CloseAsync(ConsultationDbContext db)
        {
            var stage = await db.ReviewStages.SingleAsync(s => s.Order == 1);
            stage.Close(await db.ReviewItems.Where(i => i.CurrentStageId == stage.Id).ToListAsync(), chair, _app.Clock.GetUtcNow());
        }

        await AssertFirstSaveWinsAsync(CloseAsync, CloseAsync);
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
