using Consultation.Application.Features.Consensus;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Consensus;

/// <summary>
/// The consensus tests work on the demo consultation in its reply period, moved past the reply period's close
/// (so that it can be decided), with its submissions reviewed up the standard ladder by the demo chair through the
/// review domain's own methods.
/// </summary>
public abstract class ConsensusTestBase : SubmissionTestBase
{
    protected const string Slug = Slugs.ReplyPeriod;

    protected static readonly string[] Ladder = [.. ReviewCycle.StandardLadder];
    protected static int ConsensusStage => Ladder.Length - 1;
    protected static int RecordStage => Ladder.Length;

    /// <summary>After the reply period of <see cref="Slug"/> has closed.</summary>
    protected async Task AfterThePeriodsAsync(string slug = Slug)
    {
        var consultation = await ConsultationAsync(slug);
        App.Clock.SetUtcNow((consultation.ReplyClosesAt ?? consultation.ClosesAt).AddDays(1));
    }

    /// <summary>
    /// Sets up the consultation's review cycle (every stage chaired by <paramref name="chairEmail"/>) and moves every
    /// submission with a disposition up to the stage numbered <paramref name="toStage"/>; publishes the responses
    /// when asked.
    /// </summary>
    protected async Task ReviewAsync(int toStage, bool publishResponses = false, string slug = Slug, string chairEmail = People.Chair,
        Func<Guid, bool>? only = null)
    {
        var chair = await PersonIdAsync(chairEmail);
        var consultation = await ConsultationAsync(slug);
        await ChangeAsync(async db =>
        {
            var cycle = new ReviewCycle(consultation.Id, [.. Ladder.Select(name => new StagePlan(null, name, [chair]))], ItemEntry.AtOnce, Now);
            db.ReviewCycles.Add(cycle);
            foreach (var submissionId in (await db.Submissions.Where(s => s.ConsultationId == consultation.Id).Select(s => s.Id).ToListAsync())
                         .Where(only ?? (_ => true)))
            {
                var item = cycle.Enter(submissionId, chair, Now);
                item.SetDisposition(cycle, chair, Disposition.PartiallyAccepted, "A response written for the test.", null, Now);
                db.ReviewItems.Add(item);
            }
        });
        await MoveItemsAsync(toStage, publishResponses, slug, chairEmail);
    }

    /// <summary>Passes every item of the consultation up to the stage numbered <paramref name="toStage"/>.</summary>
    protected async Task MoveItemsAsync(int toStage, bool publishResponses = false, string slug = Slug, string chairEmail = People.Chair)
    {
        var chair = await PersonIdAsync(chairEmail);
        var consultation = await ConsultationAsync(slug);
        await ChangeAsync(async db =>
        {
            var cycle = await db.ReviewCycles.Include(c => c.Stages).SingleAsync(c => c.ConsultationId == consultation.Id);
            var items = await db.ReviewItems.Where(i => i.ReviewCycleId == cycle.Id).ToListAsync();
            // Stage by stage, bottom-up, as the chairs would: every item of a stage passes up together.
            foreach (var stage in cycle.Stages.Where(s => s.Order < toStage))
                if (items.Where(i => i.CurrentStageId == stage.Id).ToList() is { Count: > 0 } inStage)
                    cycle.PassUp(stage, inStage, inStage, chair, Now);
            if (publishResponses)
                foreach (var item in items) item.PublishResponse(cycle, chair, Now);
        });
    }

    protected async Task<ConsensusCall> CallAsync(string slug = Slug)
    {
        var consultation = await ConsultationAsync(slug);
        await using var db = App.NewDbContext();
        return await db.ConsensusCalls.AsNoTracking().AsSplitQuery().Include(c => c.Designations).Include(c => c.Challenges)
            .Include(c => c.Responses).Include(c => c.MinorityViews).SingleAsync(c => c.ConsultationId == consultation.Id);
    }

    /// <summary>The designation a page would show now (the one a finalization or challenge names).</summary>
    protected async Task<Guid> CurrentDesignationAsync(string slug = Slug) => (await CallAsync(slug)).Current!.Id;

    protected async Task<IReadOnlyList<ConsensusRecord>> RecordsAsync(string slug = Slug)
    {
        var consultation = await ConsultationAsync(slug);
        await using var db = App.NewDbContext();
        return await db.ConsensusRecords.AsNoTracking().Where(r => r.ConsultationId == consultation.Id).OrderBy(r => r.Version).ToListAsync();
    }

    /// <summary>The call opened with an estimated designation of Consensus, the items in the consensus stage.</summary>
    protected async Task<Guid> EstimatedAsync()
    {
        await AfterThePeriodsAsync();
        await ReviewAsync(ConsensusStage);
        await SendAsync(new OpenConsensusCall.Command(Slug), People.Chair);
        await SendAsync(new PublishDesignation.Command(Slug, ConsensusLevel.Consensus, "Most agree; a small minority disagrees."), People.Chair);
        return (await CallAsync()).Current!.Id;
    }

    /// <summary>A final designation, the items in the record stage with their responses published: ready for the record.</summary>
    protected async Task ReadyForRecordAsync()
    {
        await EstimatedAsync();
        await SendAsync(new FinalizeDesignation.Command(Slug, await CurrentDesignationAsync()), People.Chair);
        await MoveItemsAsync(RecordStage, publishResponses: true);
    }

    protected static void AssertLastEntries(IReadOnlyList<LedgerEntry> ledger, params (LedgerEntryKind Kind, Guid Subject)[] expected)
    {
        Assert.Equal(expected, ledger.TakeLast(expected.Length).Select(e => (e.Kind, e.SubjectId)));
        AssertIntact(ledger);
    }
}
