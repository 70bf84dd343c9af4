using Consultation.Domain.Reviews;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public class ReviewTests
{
    private const string StaffChair = "staff-lead";
    private const string WgChair = "wg-chair";
    private const string CouncilChair = "council-chair";

    private readonly ReviewCycle _cycle = new(Guid.NewGuid(), ["Staff intake", "Working group review", "Council review"], ExtendedClose);
    private ReviewStage Staff => _cycle.Stages[0];
    private ReviewStage WorkingGroup => _cycle.Stages[1];
    private ReviewStage Council => _cycle.Stages[2];
    private static readonly DateTimeOffset Now = DuringReplies;

    public ReviewTests()
    {
        Staff.AppointChair(StaffChair);
        WorkingGroup.AppointChair(WgChair);
        Council.AppointChair(CouncilChair);
    }

    private ReviewItem NewItem() => new(Guid.NewGuid(), _cycle, ExtendedClose);

    private ReviewItem Disposed(Disposition disposition = Disposition.AddressedNotAccommodated)
    {
        var item = NewItem();
        item.SetDisposition(Staff, StaffChair, disposition, "Illustrative response.", null, Now);
        return item;
    }

    [Fact]
    public void Ladder_needs_two_stages_with_distinct_names()
    {
        Refused("ladder-has-two-stages", () => new ReviewCycle(Guid.NewGuid(), ["Staff intake"], Now));
        Refused("stage-names-unique", () => new ReviewCycle(Guid.NewGuid(), ["Council", " council "], Now));
        Refused("stage-name", () => new ReviewCycle(Guid.NewGuid(), ["Council", " "], Now));
        Assert.Equal(5, new ReviewCycle(Guid.NewGuid(), ReviewCycle.StandardLadder, Now).Stages.Count);
    }

    [Fact]
    public void New_item_enters_the_first_stage()
    {
        var item = NewItem();
        Assert.Equal(Staff.Id, item.CurrentStageId);
        Assert.Equal(ReviewAction.Entered, Assert.Single(item.Steps).Action);
    }

    [Fact]
    public void Only_a_chair_of_the_current_stage_acts_on_an_item()
    {
        var item = NewItem();

        Refused("only-stage-chair-acts", () => item.Assign(Staff, WgChair, "reviewer", Now));
        Refused("act-in-current-stage", () => item.Assign(WorkingGroup, WgChair, "reviewer", Now));

        item.Assign(Staff, StaffChair, "reviewer", Now);
        Assert.Equal("reviewer", item.AssigneeId);
    }

    [Fact]
    public void Disposition_needs_a_written_response()
    {
        var item = NewItem();
        Refused("disposition-needs-response", () => item.SetDisposition(Staff, StaffChair, Disposition.Accepted, "  ", null, Now));
        Assert.Null(item.Disposition);
    }

    [Fact]
    public void Disposition_is_recorded_with_its_response_and_a_step()
    {
        var item = Disposed(Disposition.PartiallyAccepted);
        Assert.Equal(Disposition.PartiallyAccepted, item.Disposition);
        Assert.Equal("Illustrative response.", item.Response);
        Assert.Equal("Partially accepted", item.Steps[^1].Note);
        Refused("disposition-known", () => item.SetDisposition(Staff, StaffChair, (Disposition)42, "x", null, Now));
    }

    [Fact]
    public void Duplicate_must_name_another_item()
    {
        var item = NewItem();
        var original = NewItem();

        Refused("duplicate-names-other-item", () => item.SetDisposition(Staff, StaffChair, Disposition.Duplicate, "Same as another", null, Now));
        Refused("duplicate-names-other-item", () => item.SetDisposition(Staff, StaffChair, Disposition.Duplicate, "Same as itself", item.Id, Now));

        item.SetDisposition(Staff, StaffChair, Disposition.Duplicate, "Same as another", original.Id, Now);
        Assert.Equal(original.Id, item.DuplicateOfItemId);

        item.SetDisposition(Staff, StaffChair, Disposition.OutOfScope, "Out of scope after all", original.Id, Now);
        Assert.Null(item.DuplicateOfItemId);
    }

    [Fact]
    public void Item_passes_up_only_with_a_disposition()
    {
        var item = NewItem();
        Refused("pass-up-needs-disposition", () => item.PassUp(_cycle, Staff, StaffChair, Now));
        Assert.Equal(Staff.Id, item.CurrentStageId);
    }

    [Fact]
    public void Passed_up_item_moves_to_the_next_stage_and_leaves_the_lower_chair()
    {
        var item = Disposed();
        item.Assign(Staff, StaffChair, "reviewer", Now);

        item.PassUp(_cycle, Staff, StaffChair, Now);

        Assert.Equal(WorkingGroup.Id, item.CurrentStageId);
        Assert.Null(item.AssigneeId);
        Assert.Equal(ReviewAction.PassedUp, item.Steps[^1].Action);
        Refused("act-in-current-stage", () => item.PassUp(_cycle, Staff, StaffChair, Now));
    }

    [Fact]
    public void Top_stage_cannot_pass_an_item_up()
    {
        var item = Disposed();
        item.PassUp(_cycle, Staff, StaffChair, Now);
        item.PassUp(_cycle, WorkingGroup, WgChair, Now);

        var refusal = Refused("pass-up-below-top", () => item.PassUp(_cycle, Council, CouncilChair, Now));
        Assert.Contains("Council review", refusal.Message);
    }

    [Fact]
    public void Send_back_needs_a_reason_and_moves_the_item_down()
    {
        var item = Disposed();
        item.PassUp(_cycle, Staff, StaffChair, Now);

        Refused("send-back-needs-reason", () => item.SendBack(_cycle, WorkingGroup, WgChair, " ", Now));
        item.SendBack(_cycle, WorkingGroup, WgChair, "Illustrative: check the cited section", Now);

        Assert.Equal(Staff.Id, item.CurrentStageId);
        Assert.Equal(ReviewAction.SentBack, item.Steps[^1].Action);
        Assert.Equal("Illustrative: check the cited section", item.Steps[^1].Note);
    }

    [Fact]
    public void Bottom_stage_cannot_send_an_item_back()
    {
        var item = NewItem();
        Refused("send-back-above-bottom", () => item.SendBack(_cycle, Staff, StaffChair, "No stage below", Now));
    }

    [Fact]
    public void Response_is_published_only_with_a_disposition_and_a_new_answer_unpublishes_it()
    {
        var item = NewItem();
        Refused("publish-needs-disposition", () => item.PublishResponse(Staff, StaffChair, Now));

        item.SetDisposition(Staff, StaffChair, Disposition.Accepted, "Accepted.", null, Now);
        item.PublishResponse(Staff, StaffChair, Now);
        Assert.True(item.HasPublishedResponse);

        item.SetDisposition(Staff, StaffChair, Disposition.PartiallyAccepted, "Partly.", null, Now);
        Assert.False(item.HasPublishedResponse);
    }

    [Fact]
    public void Stage_cannot_close_while_an_item_lacks_a_disposition()
    {
        var items = new[] { Disposed(), NewItem() };

        Assert.False(Staff.MayClose(items));
        var refusal = Refused("stage-close-needs-dispositions", () => Staff.Close(items, StaffChair, Now));
        Assert.Contains("Staff intake", refusal.Message);
        Assert.Null(Staff.ClosedAt);
    }

    [Fact]
    public void Stage_closes_once_every_item_in_it_has_a_disposition()
    {
        var passedUp = Disposed();
        passedUp.PassUp(_cycle, Staff, StaffChair, Now);
        var items = new[] { Disposed(), passedUp };

        Staff.Close(items, StaffChair, Now);

        Assert.Equal(Now, Staff.ClosedAt);
    }

    [Fact]
    public void Stage_is_closed_once_and_only_by_its_chair()
    {
        ReviewItem[] items = [Disposed()];

        Refused("only-stage-chair-acts", () => Staff.Close(items, WgChair, Now));
        Staff.Close(items, StaffChair, Now);
        Refused("stage-closes-once", () => Staff.Close(items, StaffChair, Now));
    }

    [Fact]
    public void Items_in_other_stages_do_not_hold_a_stage_open()
    {
        var waitingInStaff = NewItem();
        Assert.True(WorkingGroup.MayClose([waitingInStaff]));
        WorkingGroup.Close([waitingInStaff], WgChair, Now);
        Assert.NotNull(WorkingGroup.ClosedAt);
    }
}
