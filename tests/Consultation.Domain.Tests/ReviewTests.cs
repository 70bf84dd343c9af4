using Consultation.Domain.Reviews;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

/// <summary>A three-stage ladder (staff, working group, council), one chair each: the set-up and the single rules.</summary>
public class ReviewTests
{
    private const string StaffChair = "staff-lead";
    private const string WgChair = "wg-chair";
    private const string CouncilChair = "council-chair";

    private readonly ReviewCycle _cycle = new(Guid.NewGuid(), Ladder(), ItemEntry.AtClose, ExtendedClose);
    private ReviewStage Staff => _cycle.Stages[0];
    private ReviewStage WorkingGroup => _cycle.Stages[1];
    private ReviewStage Council => _cycle.Stages[2];
    private static readonly DateTimeOffset Now = DuringReplies;

    private static List<StagePlan> Ladder() =>
        [new(null, "Staff intake", [StaffChair]), new(null, "Working group review", [WgChair]), new(null, "Council review", [CouncilChair])];

    private List<StagePlan> Current() => _cycle.Stages.Select(s => new StagePlan(s.Id, s.Name, s.Chairs.Select(c => c.PersonId).ToList())).ToList();

    private ReviewItem NewItem() => _cycle.Enter(Guid.NewGuid(), StaffChair, ExtendedClose);

    private ReviewItem Disposed(Disposition disposition = Disposition.AddressedNotAccommodated)
    {
        var item = NewItem();
        item.SetDisposition(_cycle, StaffChair, disposition, "Illustrative response.", null, Now);
        return item;
    }

    [Fact]
    public void Ladder_needs_two_stages_with_distinct_names_and_a_chair_each()
    {
        Refused("ladder-has-two-stages", () => new ReviewCycle(Guid.NewGuid(), [new(null, "Staff intake", ["a"])], ItemEntry.AtClose, Now));
        Refused("stage-names-unique", () => new ReviewCycle(Guid.NewGuid(), [new(null, "Council", ["a"]), new(null, " council ", ["a"])], ItemEntry.AtClose, Now));
        Refused("stage-name", () => new ReviewCycle(Guid.NewGuid(), [new(null, "Council", ["a"]), new(null, " ", ["a"])], ItemEntry.AtClose, Now));
        Refused("stage-needs-chair", () => new ReviewCycle(Guid.NewGuid(), [new(null, "Council", ["a"]), new(null, "Record", [" "])], ItemEntry.AtClose, Now));
        var standard = new ReviewCycle(Guid.NewGuid(), ReviewCycle.StandardLadder.Select(n => new StagePlan(null, n, ["a"])).ToList(), ItemEntry.AtOnce, Now);
        Assert.Equal(ReviewCycle.StandardLadder, standard.Stages.Select(s => s.Name));
        Assert.Equal([1, 2, 3, 4, 5], standard.Stages.Select(s => s.Order));
        Assert.Equal(("Consensus call", "Record published"), (standard.ConsensusStage.Name, standard.RecordStage.Name));
    }

    [Fact]
    public void Until_items_enter_the_ladder_can_be_renamed_reordered_extended_and_shortened()
    {
        var (staffId, councilId) = (Staff.Id, Council.Id);
        _cycle.Reshape([new(councilId, "Council", [CouncilChair]), new(null, "Board", ["board-chair"]), new(staffId, "Staff", [StaffChair, "deputy"])],
            ItemEntry.AtOnce);

        Assert.Equal(["Council", "Board", "Staff"], _cycle.Stages.Select(s => s.Name));
        Assert.Equal(councilId, _cycle.First.Id);
        Assert.Equal(staffId, _cycle.RecordStage.Id);
        Assert.Equal(["deputy", StaffChair], _cycle.RecordStage.Chairs.Select(c => c.PersonId).Order());
        Assert.Equal(ItemEntry.AtOnce, _cycle.Entry);
    }

    [Fact]
    public void Once_items_entered_only_the_chairs_change()
    {
        NewItem();
        Refused("ladder-fixed-once-items-entered", () => _cycle.Reshape(Current().Take(2).ToList(), ItemEntry.AtClose));
        Refused("ladder-fixed-once-items-entered", () => _cycle.Reshape(Current().Select(p => p with { Name = p.Name + " (renamed)" }).ToList(), ItemEntry.AtClose));

        _cycle.Reshape(Current().Select(p => p with { ChairIds = ["new-chair"] }).ToList(), ItemEntry.AtOnce);

        Assert.All(_cycle.Stages, s => Assert.Equal("new-chair", Assert.Single(s.Chairs).PersonId));
        Assert.Equal(ItemEntry.AtClose, _cycle.Entry); // items have entered: the mode no longer matters, and stays as it was
    }

    [Fact]
    public void Chairs_are_appointed_and_removed_but_a_stage_keeps_one()
    {
        _cycle.AppointChair(Staff, "deputy");
        _cycle.RemoveChair(Staff, StaffChair);
        Assert.Equal("deputy", Assert.Single(Staff.Chairs).PersonId);
        Refused("stage-keeps-a-chair", () => _cycle.RemoveChair(Staff, "deputy"));
    }

    [Fact]
    public void In_at_close_mode_items_enter_once_the_comment_and_reply_periods_are_over()
    {
        var consultation = WithReplyPeriod();
        Assert.False(_cycle.EntersItemsAt(consultation, DuringExtension));
        Assert.False(_cycle.EntersItemsAt(consultation, DuringReplies));
        Assert.True(_cycle.EntersItemsAt(consultation, AfterReplies));

        _cycle.Reshape(Current(), ItemEntry.AtOnce);
        Assert.True(_cycle.EntersItemsAt(consultation, DuringExtension));
    }

    [Fact]
    public void New_item_enters_the_first_stage_and_fixes_the_ladder()
    {
        var item = NewItem();
        Assert.Equal(Staff.Id, item.CurrentStageId);
        var step = Assert.Single(item.Steps);
        Assert.Equal((ReviewAction.Entered, Staff.Id, (Guid?)null), (step.Action, step.StageId, step.FromStageId));
        Assert.Equal(ExtendedClose, _cycle.ItemsEnteredAt);
    }

    [Fact]
    public void Disposition_step_carries_the_answer_it_set()
    {
        var original = NewItem();
        var item = NewItem();
        var step = item.SetDisposition(_cycle, StaffChair, Disposition.Duplicate, "Same as the other one.", original, Now);

        Assert.Equal((Disposition.Duplicate, (Guid?)original.Id, "Same as the other one."), (step.Disposition, step.DuplicateOfItemId, step.Response));
        Refused("disposition-needs-response", () => item.SetDisposition(_cycle, StaffChair, Disposition.Accepted, "  ", null, Now));
        Refused("disposition-known", () => item.SetDisposition(_cycle, StaffChair, (Disposition)42, "x", null, Now));
    }

    [Fact]
    public void Duplicate_must_name_another_item_of_the_same_review()
    {
        var item = NewItem();
        var elsewhere = new ReviewCycle(Guid.NewGuid(), Ladder(), ItemEntry.AtOnce, Now).Enter(Guid.NewGuid(), StaffChair, Now);

        Refused("duplicate-names-other-item", () => item.SetDisposition(_cycle, StaffChair, Disposition.Duplicate, "Same as another", null, Now));
        Refused("duplicate-names-other-item", () => item.SetDisposition(_cycle, StaffChair, Disposition.Duplicate, "Same as itself", item, Now));
        Refused("duplicate-names-other-item", () => item.SetDisposition(_cycle, StaffChair, Disposition.Duplicate, "Another review", elsewhere, Now));

        item.SetDisposition(_cycle, StaffChair, Disposition.OutOfScope, "Out of scope after all", NewItem(), Now);
        Assert.Null(item.DuplicateOfItemId);
    }

    [Fact]
    public void A_stage_passes_items_up_only_while_every_item_in_it_has_a_disposition()
    {
        var answered = Disposed();
        var waiting = NewItem();

        var refusal = Refused("stage-pass-up-needs-dispositions", () => _cycle.PassUp(Staff, [answered, waiting], [answered], StaffChair, Now));
        Assert.Contains("1 item(s)", refusal.Message);
        Assert.Equal(Staff.Id, answered.CurrentStageId);

        waiting.SetDisposition(_cycle, StaffChair, Disposition.Accepted, "Accepted.", null, Now);
        _cycle.PassUp(Staff, [answered, waiting], [answered], StaffChair, Now);
        Assert.Equal((WorkingGroup.Id, Staff.Id), (answered.CurrentStageId, waiting.CurrentStageId));
    }

    [Fact]
    public void Passed_up_items_move_together_and_leave_the_lower_chair()
    {
        var (one, two) = (Disposed(), Disposed());
        one.Assign(_cycle, StaffChair, "reviewer", Now);

        var steps = _cycle.PassUp(Staff, [one, two], [one, two], StaffChair, Now);

        Assert.All(steps, s => Assert.Equal((ReviewAction.PassedUp, WorkingGroup.Id, (Guid?)Staff.Id), (s.Action, s.StageId, s.FromStageId)));
        Assert.Null(one.AssigneeId);
        Refused("act-in-current-stage", () => _cycle.PassUp(Staff, [], [one], StaffChair, Now));
        Refused("only-stage-chair-acts", () => _cycle.PassUp(WorkingGroup, [one, two], [one], StaffChair, Now));
        Refused("pass-up-something", () => _cycle.PassUp(WorkingGroup, [one, two], [], WgChair, Now));
    }

    [Fact]
    public void Send_back_records_its_reason_and_the_item_keeps_its_answer()
    {
        var item = Disposed();
        _cycle.PassUp(Staff, [item], [item], StaffChair, Now);

        Refused("send-back-needs-reason", () => item.SendBack(_cycle, WgChair, " ", Now));
        var step = item.SendBack(_cycle, WgChair, "Illustrative: check the cited section", Now);

        Assert.Equal((Staff.Id, Disposition.AddressedNotAccommodated), (item.CurrentStageId, item.Disposition));
        Assert.Equal((ReviewAction.SentBack, "Illustrative: check the cited section", (Guid?)WorkingGroup.Id), (step.Action, step.Reason, step.FromStageId));
    }

    [Fact]
    public void Published_step_carries_the_answer_and_a_new_answer_unpublishes_it()
    {
        var item = Disposed(Disposition.Accepted);
        var step = item.PublishResponse(_cycle, StaffChair, Now);
        Assert.True(item.HasPublishedResponse);
        Assert.Equal((Disposition.Accepted, "Illustrative response."), (step.Disposition, step.Response));

        item.SetDisposition(_cycle, StaffChair, Disposition.PartiallyAccepted, "Partly.", null, Now);
        Assert.False(item.HasPublishedResponse);
    }

    [Fact]
    public void Review_completes_only_with_every_item_in_the_record_stage_and_published_then_freezes()
    {
        var item = Disposed();
        Refused("record-needs-items-in-record-stage", () => _cycle.Complete([item], Now));
        _cycle.PassUp(Staff, [item], [item], StaffChair, Now);
        _cycle.PassUp(WorkingGroup, [item], [item], WgChair, Now);
        Refused("record-needs-published-responses", () => _cycle.Complete([item], Now));
        item.PublishResponse(_cycle, CouncilChair, Now);

        _cycle.Complete([item], Now);

        Assert.True(_cycle.IsCompleted);
        Refused("review-closed-after-record", () => item.SendBack(_cycle, CouncilChair, "Too late", Now));
        Refused("review-closed-after-record", () => _cycle.Enter(Guid.NewGuid(), StaffChair, Now));
        Refused("review-closed-after-record", () => _cycle.Reshape(Current(), ItemEntry.AtClose));
        Refused("review-closed-after-record", () => _cycle.Complete([item], Now));
    }
}
