using Consultation.Application.Features.Reviews;
using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Reviews;

/// <summary>Setting up a ladder, and submissions entering it: at the close (timer or dashboard), at once, by the chair, never twice.</summary>
public sealed class ReviewCycleSetUpTests : ReviewTestBase
{
    [Fact]
    public async Task A_chair_sets_up_the_template_ladder_and_the_ledger_records_it()
    {
        var result = await SetUpAsync(ItemEntry.AtClose, $"{People.Chair}, {People.Admin}");

        var shown = (await SendAsync(new ShowReviewCycle.Query(Slug), People.Chair)).Cycle!;
        Assert.Equal(ReviewCycle.StandardLadder, shown.Stages.Select(s => s.Name));
        Assert.Equal([People.Admin, People.Chair], shown.Stages[0].ChairEmails);
        Assert.Equal((ItemEntry.AtClose, 0, (DateTimeOffset?)null), (shown.Entry, shown.Items, shown.ItemsEnteredAt));
        Assert.Equal(0, result.ItemsEntered);

        await using var db = App.NewDbContext();
        var cycle = await db.ReviewCycles.Include(c => c.Stages).SingleAsync(c => c.Id == result.CycleId);
        var ledger = await LedgerAsync();
        Assert.Equal((LedgerEntryKind.ReviewCycleSetUp, cycle.Id, LedgerContent.Of(cycle)), (ledger[^1].Kind, ledger[^1].SubjectId, ledger[^1].ContentHash));
        AssertIntact(ledger);
    }

    [Fact]
    public async Task Until_items_enter_the_ladder_is_edited_afterwards_only_its_chairs()
    {
        await SetUpAsync(ItemEntry.AtClose);
        var stages = (await SendAsync(new ShowReviewCycle.Query(Slug), People.Chair)).Cycle!.Stages;
        SetUpReviewCycle.Command Edit(params SetUpReviewCycle.StageInput[] ladder) => new(Slug, ladder, ItemEntry.AtClose);

        await SendAsync(Edit(new(stages[0].Id, "Intake", People.Chair), new(null, "Board", People.Admin), new(stages[4].Id, "Record", People.Chair)), People.Admin);
        var edited = (await SendAsync(new ShowReviewCycle.Query(Slug), People.Chair)).Cycle!.Stages;
        Assert.Equal(["Intake", "Board", "Record"], edited.Select(s => s.Name));

        await SendAsync(new EnterItems.Command(Slug), People.Chair);
        await AssertRuleAsync("ladder-fixed-once-items-entered", () =>
            SendAsync(Edit(new(edited[0].Id, "Intake", People.Chair), new(edited[2].Id, "Record", People.Chair)), People.Chair));
        await SendAsync(Edit(edited.Select(s => new SetUpReviewCycle.StageInput(s.Id, s.Name, People.Admin)).ToArray()), People.Chair);
        Assert.All((await SendAsync(new ShowReviewCycle.Query(Slug), People.Chair)).Cycle!.Stages, s => Assert.Equal([People.Admin], s.ChairEmails));
    }

    [Theory]
    [InlineData(People.Member)]
    [InlineData(People.RepCcnso)]
    [InlineData(null)]
    public async Task Only_chairs_and_administrators_set_up_a_review(string? email) =>
        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new SetUpReviewCycle.Command(Slug,
            SetUpReviewCycle.Template(People.Chair), ItemEntry.AtClose), email));

    [Fact]
    public async Task A_chair_of_another_review_neither_takes_over_this_ladder_nor_enters_its_items()
    {
        await SetUpAsync(ItemEntry.AtClose);
        // rep.ccnso becomes a chair (of some other review): the role alone gives no say over this one.
        await App.InScopeAsync(async sp =>
        {
            var users = sp.GetRequiredService<UserManager<Person>>();
            await users.AddToRoleAsync((await users.FindByEmailAsync(People.RepCcnso))!, Roles.Chair);
        });
        var stages = (await SendAsync(new ShowReviewCycle.Query(Slug), People.Chair)).Cycle!.Stages;

        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new SetUpReviewCycle.Command(Slug,
            stages.Select(s => new SetUpReviewCycle.StageInput(s.Id, s.Name, People.RepCcnso)).ToList(), ItemEntry.AtOnce), People.RepCcnso));
        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new EnterItems.Command(Slug), People.RepCcnso));

        var shown = (await SendAsync(new ShowReviewCycle.Query(Slug), People.Chair)).Cycle!;
        Assert.All(shown.Stages, s => Assert.Equal([People.Chair], s.ChairEmails));
        Assert.Equal((ItemEntry.AtClose, 0), (shown.Entry, shown.Items));
        // An administrator may always re-arrange a review.
        await SendAsync(new EnterItems.Command(Slug), People.Admin);
        Assert.Equal(2, (await StoredItemsAsync()).Count);
    }

    [Fact]
    public async Task Every_stage_needs_a_chair_who_holds_the_chair_role()
    {
        var invalid = await Assert.ThrowsAsync<InputInvalidException>(() => SetUpAsync(ItemEntry.AtClose, People.Member));
        Assert.Contains("Chair or Administrator", string.Join(" ", invalid.Errors.SelectMany(e => e.Value)));
        invalid = await Assert.ThrowsAsync<InputInvalidException>(() => SetUpAsync(ItemEntry.AtClose, " "));
        Assert.Contains("at least one chair", string.Join(" ", invalid.Errors.SelectMany(e => e.Value)));
        Assert.Null((await SendAsync(new ShowReviewCycle.Query(Slug), People.Chair)).Cycle);
    }

    [Fact]
    public async Task At_close_the_background_service_enters_every_submission_once_and_later_ones_on_its_next_run()
    {
        await SetUpAsync(ItemEntry.AtClose);
        var service = await App.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ItemEntryService>()));

        await service.RunOnceAsync(CancellationToken.None);
        Assert.Empty(await StoredItemsAsync());

        App.Clock.SetUtcNow((await OpenAsync()).ClosesAt);
        await service.RunOnceAsync(CancellationToken.None);
        await service.RunOnceAsync(CancellationToken.None);

        var items = await StoredItemsAsync();
        Assert.Equal(await SubmissionCountAsync(Slug), items.Count);
        Assert.Equal(items.Count, items.Select(i => i.SubmissionId).Distinct().Count());
        var entered = (await LedgerAsync()).Where(e => e.Kind == LedgerEntryKind.StageMove && e.RecordedAt >= AppHarness.SeededAt).ToList();
        Assert.Equal(items.Select(i => i.Steps.Single().Id).Order(), entered.Select(e => e.SubjectId).Order());
        Assert.All(items, i => Assert.Equal(ItemEntering.System, i.Steps.Single().ActorId));
    }

    [Fact]
    public async Task The_timer_runs_on_the_clock_it_is_given()
    {
        await SetUpAsync(ItemEntry.AtClose);
        App.Clock.SetUtcNow((await OpenAsync()).ClosesAt.AddMinutes(1));
        var service = await App.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<ItemEntryService>()));

        await service.StartAsync(CancellationToken.None);
        try
        {
            for (var i = 0; i < 200 && (await StoredItemsAsync()).Count == 0; i++)
            {
                App.Clock.Advance(ItemEntryService.Interval);
                await Task.Delay(50);
            }
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
        Assert.Equal(await SubmissionCountAsync(Slug), (await StoredItemsAsync()).Count);
    }

    [Fact]
    public async Task With_a_reply_period_items_enter_when_the_reply_period_closes()
    {
        await SetUpAsync(ItemEntry.AtClose, slug: Slugs.ReplyPeriod);
        await SendAsync(new ChairDashboard.Query(), People.Chair);
        Assert.Empty(await StoredItemsAsync(Slugs.ReplyPeriod));

        App.Clock.SetUtcNow((await ConsultationAsync(Slugs.ReplyPeriod)).ReplyClosesAt!.Value);
        await SendAsync(new ChairDashboard.Query(), People.Chair);

        Assert.Equal(await SubmissionCountAsync(Slugs.ReplyPeriod), (await StoredItemsAsync(Slugs.ReplyPeriod)).Count);
    }

    [Fact]
    public async Task At_once_enters_now_and_a_chair_enters_later_submissions_without_doubling_any()
    {
        var result = await SetUpAsync(ItemEntry.AtOnce);
        Assert.Equal(2, result.ItemsEntered);

        await SubmitOpenAsync(People.RepCcnso);
        Assert.Equal(1, (await SendAsync(new EnterItems.Command(Slug), People.Chair)).Entered);
        Assert.Equal(0, (await SendAsync(new EnterItems.Command(Slug), People.Admin)).Entered);

        var items = await StoredItemsAsync();
        Assert.Equal(3, items.Count);
        Assert.Equal(3, items.Select(i => i.SubmissionId).Distinct().Count());
        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new EnterItems.Command(Slug), People.Member));
    }
}
