using Consultation.Domain.Common;
using Consultation.Domain.Reviews;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public enum Position { FirstStage = 1, MiddleStage = 2, ConsensusStage = 4, RecordStage = 5 }
public enum Answer { None, Unpublished, Published }
public enum Actor { ChairOfItsStage, ChairOfAnotherStage }
public enum Command { Assign, SetDisposition, PassUp, SendBack, PublishResponse }

/// <summary>
/// The stage machine, exhaustively: every command, from every reachable state of an item (its stage on the standard
/// five-stage ladder; no answer, an unpublished or a published one; the review open or closed by the record), by a
/// chair of its stage and by a chair of another stage: allowed (with the state it leads to) or refused by its rule.
/// An item above the first stage always has a disposition (passing up needs one, sending back keeps it).
/// </summary>
public class ReviewStageMachineTests
{
    private static readonly DateTimeOffset Now = DuringReplies;
    private static string ChairOf(int order) => $"chair-of-stage-{order}";

    public static TheoryData<Position, Answer, bool, Actor, Command> Cases()
    {
        var data = new TheoryData<Position, Answer, bool, Actor, Command>();
        foreach (var position in Enum.GetValues<Position>())
        foreach (var answer in Enum.GetValues<Answer>().Where(a => a != Answer.None || position == Position.FirstStage))
        foreach (var frozen in new[] { false, true })
        foreach (var actor in Enum.GetValues<Actor>())
        foreach (var command in Enum.GetValues<Command>())
            data.Add(position, answer, frozen, actor, command);
        return data;
    }

    /// <summary>What the rules say, command by command; null means allowed.</summary>
    private static string? Expected(Position position, Answer answer, bool frozen, Actor actor, Command command)
    {
        if (frozen) return "review-closed-after-record";
        if (actor == Actor.ChairOfAnotherStage) return "only-stage-chair-acts";
        return command switch
        {
            Command.PassUp when position == Position.RecordStage => "pass-up-below-top",
            Command.PassUp when answer == Answer.None => "stage-pass-up-needs-dispositions",
            Command.SendBack when position == Position.FirstStage => "send-back-above-bottom",
            Command.PublishResponse when answer == Answer.None => "publish-needs-disposition",
            Command.PublishResponse when answer == Answer.Published => "response-already-published",
            _ => null,
        };
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_command_from_every_state(Position position, Answer answer, bool frozen, Actor actor, Command command)
    {
        var cycle = new ReviewCycle(Guid.NewGuid(),
            ReviewCycle.StandardLadder.Select((name, i) => new StagePlan(null, name, [ChairOf(i + 1)])).ToList(), ItemEntry.AtOnce, ExtendedClose);
        var item = ItemIn(cycle, position, answer);
        // A duplicate target waiting in the first stage, answered so that only the item itself decides a pass-up.
        var other = cycle.Enter(Guid.NewGuid(), "system", Now);
        other.SetDisposition(cycle, ChairOf(1), Disposition.Accepted, "Answered.", null, Now);
        if (frozen) cycle.Complete([], Now);
        var order = (int)position;
        var chair = actor == Actor.ChairOfItsStage ? ChairOf(order) : ChairOf(order == 1 ? 2 : 1);
        var before = (Steps: item.Steps.Count, item.Disposition, item.Response, item.ResponsePublishedAt);
        var inStage = new[] { item, other }.Where(i => i.CurrentStageId == item.CurrentStageId).ToList();

        Action act = command switch
        {
            Command.Assign => () => item.Assign(cycle, chair, "drafter", Now),
            Command.SetDisposition => () => item.SetDisposition(cycle, chair, Disposition.Duplicate, "Repeats the other item.", other, Now),
            Command.PassUp => () => cycle.PassUp(cycle.StageOf(item), inStage, [item], chair, Now),
            Command.SendBack => () => item.SendBack(cycle, chair, "Look again at section 3.", Now),
            _ => () => item.PublishResponse(cycle, chair, Now),
        };

        var expected = Expected(position, answer, frozen, actor, command);
        if (expected is not null)
        {
            Assert.Equal(expected, Assert.Throws<DomainRuleException>(act).Rule);
            Assert.Equal(before, (item.Steps.Count, item.Disposition, item.Response, item.ResponsePublishedAt));
            Assert.Equal(order, cycle.StageOf(item).Order);
            return;
        }
        act();
        Assert.Equal(before.Steps + 1, item.Steps.Count);
        var (expectedOrder, disposition, published) = command switch
        {
            Command.PassUp => (order + 1, before.Disposition, before.ResponsePublishedAt is not null),
            Command.SendBack => (order - 1, before.Disposition, before.ResponsePublishedAt is not null),
            Command.SetDisposition => (order, Disposition.Duplicate, false),
            Command.PublishResponse => (order, before.Disposition, true),
            _ => (order, before.Disposition, before.ResponsePublishedAt is not null),
        };
        Assert.Equal((expectedOrder, disposition, published), (cycle.StageOf(item).Order, item.Disposition, item.HasPublishedResponse));
        Assert.Equal(item.CurrentStageId, item.Steps[^1].StageId);
    }

    private static ReviewItem ItemIn(ReviewCycle cycle, Position position, Answer answer)
    {
        var item = cycle.Enter(Guid.NewGuid(), "system", ExtendedClose);
        if (answer == Answer.None) return item;
        item.SetDisposition(cycle, ChairOf(1), Disposition.PartiallyAccepted, "Taken up in part.", null, Now);
        for (var order = 1; order < (int)position; order++)
            cycle.PassUp(cycle.StageOf(item), [item], [item], ChairOf(order), Now);
        if (answer == Answer.Published) item.PublishResponse(cycle, ChairOf((int)position), Now);
        return item;
    }
}
