using Consultation.Application.Features.Reviews;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Reviews;

/// <summary>
/// Review tests run on the open demo consultation (two submissions) in a database of their own. The helpers set up
/// its ladder through the mediator and read items as a chair's page would.
/// </summary>
public abstract class ReviewTestBase : SubmissionTestBase
{
    protected const string Slug = Slugs.OpenForComment;

    /// <summary>The template ladder; <paramref name="firstStageChairs"/> chair the first stage, the chair every other stage.</summary>
    protected Task<SetUpReviewCycle.Result> SetUpAsync(ItemEntry entry, string firstStageChairs = People.Chair, string slug = Slug) =>
        SendAsync(new SetUpReviewCycle.Command(slug,
            ReviewCycle.StandardLadder.Select((name, i) => new SetUpReviewCycle.StageInput(null, name, i == 0 ? firstStageChairs : People.Chair)).ToList(),
            entry), People.Chair);

    /// <summary>Sets up the template ladder and enters the consultation's submissions at once.</summary>
    protected async Task<IReadOnlyList<StageItems.Item>> EnteredAsync(string firstStageChairs = People.Chair)
    {
        await SetUpAsync(ItemEntry.AtOnce, firstStageChairs);
        return (await StageAsync(1)).Items;
    }

    protected Task<StageItems.Result> StageAsync(int order, string email = People.Chair) =>
        SendAsync(new StageItems.Query(Slug, order), email);

    protected Task AnswerAsync(IEnumerable<StageItems.Item> items, Disposition disposition = Disposition.Accepted,
        string response = "Accepted: the plan will say so.", string email = People.Chair) =>
        SendAsync(new SetDisposition.Command(items.Select(i => i.Seen).ToList(), disposition, response, null), email);

    protected async Task<IReadOnlyList<ReviewItem>> StoredItemsAsync(string slug = Slug)
    {
        var consultation = await ConsultationAsync(slug);
        await using var db = App.NewDbContext();
        return await db.ReviewItems.AsNoTracking()
            .Where(i => db.ReviewCycles.Any(c => c.Id == i.ReviewCycleId && c.ConsultationId == consultation.Id)).ToListAsync();
    }
}
