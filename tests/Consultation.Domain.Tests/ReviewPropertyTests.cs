using Consultation.Domain.Common;
using Consultation.Domain.Reviews;
using FsCheck.Xunit;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

/// <summary>
/// Random sequences of review commands (any command, any item, any chair, allowed or not) never break the ladder's
/// invariants: an item is always in exactly one stage of its cycle, a pass-up never leaves an item without a
/// disposition behind in the stage it left, and an item's history only grows.
/// </summary>
public class ReviewPropertyTests
{
    private static readonly DateTimeOffset Now = DuringReplies;
    private static readonly string[] Chairs = ["chair-1", "chair-2", "chair-3", "chair-4"];

    [Property(MaxTest = 300)]
    public bool Random_command_sequences_keep_the_invariants(byte[] commands)
    {
        var cycle = new ReviewCycle(Guid.NewGuid(),
            new[] { "Staff intake", "Working group", "Consensus call", "Record" }.Select((n, i) => new StagePlan(null, n, [Chairs[i]])).ToList(),
            ItemEntry.AtOnce, ExtendedClose);
        var items = Enumerable.Range(0, 4).Select(_ => cycle.Enter(Guid.NewGuid(), "system", ExtendedClose)).ToList();
        var stageIds = cycle.Stages.Select(s => s.Id).ToHashSet();

        for (var i = 0; i + 2 < commands.Length; i += 3)
        {
            var item = items[commands[i + 1] % items.Count];
            var chair = Chairs[commands[i + 2] % Chairs.Length];
            var stepsBefore = items.Select(x => x.Steps.Count).ToList();
            var from = item.CurrentStageId;
            var passedUp = false;
            try
            {
                switch (commands[i] % 7)
                {
                    case 0: item.Assign(cycle, chair, "drafter", Now); break;
                    case 1: item.SetDisposition(cycle, chair, (Disposition)(commands[i + 2] % 5), "An answer.", items[(commands[i + 1] + 1) % items.Count], Now); break;
                    case 2:
                    case 3:
                        cycle.PassUp(cycle.StageOf(item), items.Where(x => x.CurrentStageId == from).ToList(), [item], chair, Now);
                        passedUp = true;
                        break;
                    case 4: item.SendBack(cycle, chair, "Look again.", Now); break;
                    case 5: item.PublishResponse(cycle, chair, Now); break;
                    default:
                        if (commands[i + 2] % 16 == 0) cycle.Complete(items, Now);
                        break;
                }
            }
            catch (DomainRuleException)
            {
                // Refusals are part of the sequence; the invariants must hold after them too.
            }

            if (items.Any(x => !stageIds.Contains(x.CurrentStageId) || x.ReviewCycleId != cycle.Id)) return false;
            if (items.Select((x, n) => x.Steps.Count < stepsBefore[n]).Any(shrank => shrank)) return false;
            if (passedUp && items.Any(x => x.CurrentStageId == from && x.Disposition is null)) return false;
            if (items.Any(x => x.Steps[^1].StageId != x.CurrentStageId)) return false;
        }
        return true;
    }
}
