using Consultation.Application.Features.Reviews;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Reviews;

/// <summary>The chair's commands on items: rules, authorization, all-or-nothing bulk, ledger entries, and conflicts.</summary>
public sealed class ReviewCommandTests : ReviewTestBase
{
    [Fact]
    public async Task A_bulk_disposition_answers_every_chosen_item_and_the_ledger_records_each_step_as_stored()
    {
        var items = await EnteredAsync();

        await AnswerAsync(items, Disposition.PartiallyAccepted, "Taken up in part: see the revised plan.");

        var stored = await StoredItemsAsync();
        Assert.All(stored, i => Assert.Equal((Disposition.PartiallyAccepted, "Taken up in part: see the revised plan.", (DateTimeOffset?)null),
            (i.Disposition, i.Response, i.ResponsePublishedAt)));
        await AssertLedgerMatchesStepsAsync(LedgerEntryKind.Disposition, 2);
    }

    [Fact]
    public async Task A_stage_passes_items_up_only_when_all_its_items_have_a_disposition_and_then_all_together()
    {
        var items = await EnteredAsync();
        await AnswerAsync(items.Take(1));
        var answered = (await StageAsync(1)).Items.Single(i => i.Disposition is not null);

        await AssertRuleAsync("stage-pass-up-needs-dispositions",
            () => SendAsync(new PassUp.Command(Slug, 1, [answered.Seen]), People.Chair));
        Assert.Equal(2, (await StageAsync(1)).ItemsInStage);

        await AnswerAsync((await StageAsync(1)).Items.Where(i => i.Disposition is null));
        await SendAsync(new PassUp.Command(Slug, 1, (await StageAsync(1)).Items.Select(i => i.Seen).ToList()), People.Chair);

        Assert.Equal((0, 2), ((await StageAsync(1)).ItemsInStage, (await StageAsync(2)).ItemsInStage));
        await AssertLedgerMatchesStepsAsync(LedgerEntryKind.StageMove, 2 + 2);
    }

    [Fact]
    public async Task A_bulk_command_is_all_or_nothing()
    {
        await AnswerAsync(await EnteredAsync());
        var answered = (await StageAsync(1)).Items;
        await SendAsync(new PassUp.Command(Slug, 1, [answered[0].Seen]), People.Chair);
        var stageOne = (await StageAsync(1)).Items.Single();
        var stageTwo = (await StageAsync(2)).Items.Single();
        // The administrator joins the first stage's chairs only.
        await SendAsync(new SetUpReviewCycle.Command(Slug, (await SendAsync(new ShowReviewCycle.Query(Slug), People.Chair)).Cycle!.Stages
            .Select(s => new SetUpReviewCycle.StageInput(s.Id, s.Name, s.Order == 1 ? $"{People.Chair},{People.Admin}" : People.Chair)).ToList(),
            ItemEntry.AtOnce), People.Chair);
        var ledgerBefore = (await LedgerAsync()).Count;

        await AssertRuleAsync("only-stage-chair-acts", () => SendAsync(new SetDisposition.Command([stageOne.Seen, stageTwo.Seen],
            Disposition.OutOfScope, "Out of scope.", null), People.Admin));

        Assert.All(await StoredItemsAsync(), i => Assert.Equal(Disposition.Accepted, i.Disposition));
        Assert.Equal(ledgerBefore, (await LedgerAsync()).Count);
    }

    [Fact]
    public async Task Only_a_chair_of_the_items_stage_acts_and_a_member_not_at_all()
    {
        var item = (await EnteredAsync(firstStageChairs: People.Admin))[0];

        await AssertRuleAsync("only-stage-chair-acts", () => AnswerAsync([item]));
        await AssertRuleAsync("only-stage-chair-acts", () => SendAsync(new AssignItem.Command(item.Seen, People.Chair), People.Chair));
        await Assert.ThrowsAsync<AccessDeniedException>(() => AnswerAsync([item], email: People.Member));
        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new StageItems.Query(Slug, 1), People.Member));

        await AnswerAsync([item], email: People.Admin);
        Assert.Contains(await StoredItemsAsync(), i => i.Id == item.Id && i.Disposition == Disposition.Accepted);
    }

    [Fact]
    public async Task A_chair_assigns_sends_back_with_a_reason_and_marks_a_duplicate()
    {
        var items = await EnteredAsync();
        await SendAsync(new AssignItem.Command(items[0].Seen, People.Admin), People.Chair);
        var assigned = (await StageAsync(1)).Items.Single(i => i.Id == items[0].Id);
        Assert.NotNull(assigned.AssigneeName);

        await SendAsync(new SetDisposition.Command([assigned.Seen], Disposition.Duplicate, "Repeats the other comment.", items[1].Id), People.Chair);
        await AnswerAsync([items[1]]);
        await SendAsync(new PassUp.Command(Slug, 1, (await StageAsync(1)).Items.Select(i => i.Seen).ToList()), People.Chair);
        var up = (await StageAsync(2)).Items.Single(i => i.Id == items[0].Id);
        Assert.Equal((Disposition.Duplicate, items[1].Label, (string?)null), (up.Disposition, up.DuplicateOfLabel, up.AssigneeName));

        await AssertInvalidAsync("Reason", () => SendAsync(new SendBack.Command(up.Seen, ""), People.Chair));
        await SendAsync(new SendBack.Command(up.Seen, "Check whether it really repeats the other comment."), People.Chair);

        Assert.Contains((await StageAsync(1)).Items, i => i.Id == up.Id);
        await using var db = App.NewDbContext();
        var step = (await db.ReviewItems.AsNoTracking().SingleAsync(i => i.Id == up.Id)).Steps.OrderBy(s => s.At).ThenBy(s => s.Action).Last(s => s.Action == ReviewAction.SentBack);
        Assert.Equal("Check whether it really repeats the other comment.", step.Reason);
        Assert.Contains(await LedgerAsync(), e => e.SubjectId == step.Id && e.ContentHash == LedgerContent.Of(step));
    }

    [Fact]
    public async Task Answers_stay_unpublished_until_published_all_at_once_and_a_new_answer_unpublishes_it()
    {
        var items = await EnteredAsync();
        await AnswerAsync(items);
        Assert.All((await StageAsync(1)).Items, i => Assert.False(i.IsPublished));

        Assert.Equal(2, (await SendAsync(new PublishResponses.Command(Slug, 1, [], AllAnsweredInStage: true), People.Chair)).Published);
        Assert.All((await StageAsync(1)).Items, i => Assert.True(i.IsPublished));
        await AssertLedgerMatchesStepsAsync(LedgerEntryKind.ResponsePublished, 2);

        await AnswerAsync([(await StageAsync(1)).Items[0]], Disposition.OutOfScope, "On reflection, out of scope.");
        Assert.Single((await StageAsync(1)).Items, i => !i.IsPublished);
        var published = (await StageAsync(1)).Items.Where(i => i.IsPublished).Select(i => i.Seen).ToList();
        await AssertRuleAsync("response-already-published", () => SendAsync(new PublishResponses.Command(Slug, 1, published), People.Chair));
    }

    [Fact]
    public async Task Once_the_review_is_completed_by_the_record_its_items_are_frozen()
    {
        var items = await EnteredAsync();
        await ChangeAsync(async db =>
        {
            var cycle = await db.ReviewCycles.Include(c => c.Stages).SingleAsync(c => c.CompletedAt == null);
            cycle.Complete([], Now);
        });

        await AssertRuleAsync("review-closed-after-record", () => AnswerAsync(items));
        await AssertRuleAsync("review-closed-after-record", () => SendAsync(new EnterItems.Command(Slug), People.Chair));
    }

    [Fact]
    public async Task A_command_from_a_stale_page_is_refused_with_the_current_state_and_saves_nothing()
    {
        var items = await EnteredAsync();
        await AnswerAsync([items[0]], Disposition.Accepted, "The first answer.");

        var conflict = await Assert.ThrowsAsync<ConflictException>(() => AnswerAsync([items[0]], Disposition.OutOfScope, "From a stale page."));

        Assert.Equal("Someone else changed this item first; it now sits in Staff intake and its disposition is Accepted, not yet published. " +
                     "Nothing was saved; the page shows its current state.", conflict.Message);
        Assert.Equal("The first answer.", (await StoredItemsAsync()).Single(i => i.Id == items[0].Id).Response);
    }

    [Fact]
    public async Task Two_chairs_of_one_stage_acting_on_one_item_at_the_same_time_exactly_one_wins()
    {
        await EnteredAsync(firstStageChairs: $"{People.Chair},{People.Admin}");
        for (var round = 0; round < 6; round++)
        {
            var item = (await StageAsync(1)).Items.OrderBy(i => i.Id).First();
            var responses = new[] { $"Round {round}: the chair's answer.", $"Round {round}: the administrator's answer." };
            async Task<string?> TryAsync(string email, string response)
            {
                try
                {
                    await SendAsync(new SetDisposition.Command([item.Seen], Disposition.PartiallyAccepted, response, null), email);
                    return response;
                }
                catch (ConflictException)
                {
                    return null;
                }
            }

            var outcomes = await AtOnceAsync(() => TryAsync(People.Chair, responses[0]), () => TryAsync(People.Admin, responses[1]));

            var winner = Assert.Single(outcomes, o => o is not null);
            Assert.Single(outcomes, o => o is null);
            Assert.Equal(winner, (await StoredItemsAsync()).Single(i => i.Id == item.Id).Response);
        }
        AssertIntact(await LedgerAsync());
    }

    [Fact]
    public async Task An_assignment_and_a_disposition_racing_on_one_item_leave_only_the_winners_change()
    {
        await EnteredAsync(firstStageChairs: $"{People.Chair},{People.Admin}");
        await AnswerAsync((await StageAsync(1)).Items);
        var item = (await StageAsync(1)).Items.OrderBy(i => i.Id).First();

        async Task<string?> TryAsync(Func<Task> send, string what)
        {
            try { await send(); return what; }
            catch (ConflictException) { return null; }
        }

        var outcomes = await AtOnceAsync(
            () => TryAsync(() => SendAsync(new AssignItem.Command(item.Seen, People.Chair), People.Admin), "assigned"),
            () => TryAsync(() => SendAsync(new SetDisposition.Command([item.Seen], Disposition.OutOfScope, "Out of scope.", null), People.Chair), "answered"));

        var winner = Assert.Single(outcomes, o => o is not null);
        var stored = (await StoredItemsAsync()).Single(i => i.Id == item.Id);
        Assert.Equal(winner == "assigned", stored.AssigneeId is not null);
        Assert.Equal(winner == "answered", stored.Disposition == Disposition.OutOfScope);
    }

    /// <summary>The ledger's entries of <paramref name="kind"/> name review steps, and each matches its stored row.</summary>
    private async Task AssertLedgerMatchesStepsAsync(LedgerEntryKind kind, int expected)
    {
        await using var db = App.NewDbContext();
        var steps = (await db.ReviewItems.AsNoTracking().ToListAsync()).SelectMany(i => i.Steps).ToDictionary(s => s.Id);
        var cycleStarted = await db.ReviewCycles.Where(c => c.CompletedAt == null).Select(c => c.CreatedAt).SingleAsync();
        var entries = (await LedgerAsync()).Where(e => e.Kind == kind && e.RecordedAt >= cycleStarted).ToList();
        Assert.Equal(expected, entries.Count);
        Assert.All(entries, e => Assert.Equal(LedgerContent.Of(steps[e.SubjectId]), e.ContentHash));
        AssertIntact(await LedgerAsync());
    }
}
