using Consultation.Application.Features.Consensus;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Consensus;

/// <summary>The chair runs the consensus call (GNSO WG Guidelines 3.6); members respond and challenge.</summary>
public sealed class ConsensusCallTests : ConsensusTestBase
{
    [Fact]
    public async Task Estimated_then_updated_then_final_with_a_challenge_answered_on_the_way()
    {
        await AfterThePeriodsAsync();
        await ReviewAsync(ConsensusStage);

        await SendAsync(new OpenConsensusCall.Command(Slug), People.Chair);
        var call = await CallAsync();
        AssertLastEntries(await LedgerAsync(), (LedgerEntryKind.ConsensusCallOpened, call.Id));

        Assert.Equal(DesignationStatus.Estimated, await SendAsync(
            new PublishDesignation.Command(Slug, ConsensusLevel.FullConsensus, "Nobody spoke against it in the last reading."), People.Chair));
        var estimate = (await CallAsync()).Current!;
        await SendAsync(new RespondToDesignation.Command(Slug, estimate.Id, false, "The CENTR comment opposes it."), People.Member);
        var challengeId = await SendAsync(new ChallengeDesignation.Command(Slug, await CurrentDesignationAsync(), "Opposition was voiced; this is not full consensus."), People.RepIsoc);
        await AssertRuleAsync("challenges-answered-before-final", async () => await SendAsync(new FinalizeDesignation.Command(Slug, await CurrentDesignationAsync()), People.Chair));

        await SendAsync(new AnswerChallenge.Command(Slug, challengeId, true, "Upheld: the designation will be updated."), People.Chair);
        await AssertRuleAsync("upheld-challenge-needs-update", async () => await SendAsync(new FinalizeDesignation.Command(Slug, await CurrentDesignationAsync()), People.Chair));
        Assert.Equal(DesignationStatus.Updated, await SendAsync(
            new PublishDesignation.Command(Slug, ConsensusLevel.Consensus, "A small minority disagrees."), People.Chair));
        var update = (await CallAsync()).Current!;
        await SendAsync(new RespondToDesignation.Command(Slug, update.Id, true, null), People.Member);
        await SendAsync(new FinalizeDesignation.Command(Slug, await CurrentDesignationAsync()), People.Chair);

        call = await CallAsync();
        Assert.True(call.IsFinal);
        Assert.Equal([DesignationStatus.Estimated, DesignationStatus.Updated, DesignationStatus.Final], call.Designations.OrderBy(d => d.Sequence).Select(d => d.Status));
        Assert.Equal(ConsensusLevel.Consensus, call.Current!.Level);
        var challenge = Assert.Single(call.Challenges);
        Assert.Equal((ChallengeStatus.Upheld, estimate.Id), (challenge.Status, challenge.DesignationId));
        Assert.Equal(2, call.Responses.Count);

        var ledger = await LedgerAsync();
        var responses = call.Responses.OrderBy(r => r.RespondedAt).ThenBy(r => r.DesignationId == update.Id).ToList();
        AssertLastEntries(ledger,
            (LedgerEntryKind.Designation, estimate.Id), (LedgerEntryKind.DesignationResponse, responses[0].Id),
            (LedgerEntryKind.Challenge, challengeId), (LedgerEntryKind.Challenge, challengeId),
            (LedgerEntryKind.Designation, update.Id), (LedgerEntryKind.DesignationResponse, responses[1].Id),
            (LedgerEntryKind.Designation, call.Current.Id));
        // The challenge's latest entry matches the row as stored now, answered.
        Assert.Equal(LedgerContent.Of(challenge), ledger.Last(e => e.SubjectId == challengeId).ContentHash);
        Assert.NotEqual(ledger.First(e => e.SubjectId == challengeId).ContentHash, ledger.Last(e => e.SubjectId == challengeId).ContentHash);
        Assert.Equal(LedgerContent.Of(call.Current), ledger[^1].ContentHash);
    }

    [Fact]
    public async Task The_call_does_not_open_while_a_blocking_objection_lacks_a_response()
    {
        var open = await OpenAsync();
        var blocking = (await SendAsync(Position(open.Id) with
        {
            Stance = Stance.Oppose, IsBlockingObjection = true, BlockingReason = "The fallback is missing.",
        }, People.RepCcnso)).SubmissionId;
        App.Clock.SetUtcNow(open.ClosesAt.AddDays(1));
        // Every other submission is reviewed up to the consensus stage; the objection is not under review, so unanswered.
        await ReviewAsync(ConsensusStage, slug: Slugs.OpenForComment, only: id => id != blocking);

        var refusal = await AssertRuleAsync("blocking-objections-answered-first",
            () => SendAsync(new OpenConsensusCall.Command(Slugs.OpenForComment), People.Chair));
        Assert.Contains("1 blocking objection", refusal.Message);
    }

    [Fact]
    public async Task The_call_does_not_open_before_every_item_reached_the_consensus_stage()
    {
        await AfterThePeriodsAsync();
        await ReviewAsync(ConsensusStage - 1);
        var before = (await LedgerAsync()).Count;

        var refusal = await AssertRuleAsync("items-reach-consensus-stage-first", () => SendAsync(new OpenConsensusCall.Command(Slug), People.Chair));

        Assert.Contains("4 review item", refusal.Message);
        Assert.Equal(before, (await LedgerAsync()).Count);
        await AssertRuleAsync("consensus-call-needs-review", () => SendAsync(new OpenConsensusCall.Command(Slugs.OpenForComment), People.Admin));
    }

    [Fact]
    public async Task The_call_opens_once()
    {
        await EstimatedAsync();
        await AssertRuleAsync("consensus-call-once", () => SendAsync(new OpenConsensusCall.Command(Slug), People.Chair));
    }

    [Theory]
    [InlineData(People.Member)]
    [InlineData(People.RepCcnso)]
    [InlineData(null)]
    public async Task Only_chairs_and_administrators_run_the_call(string? email)
    {
        await AfterThePeriodsAsync();
        await ReviewAsync(ConsensusStage);

        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new OpenConsensusCall.Command(Slug), email));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            SendAsync(new PublishDesignation.Command(Slug, ConsensusLevel.Consensus, "Why"), email));
        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new PublishRecord.Command(Slug, "Decision"), email));
    }

    [Fact]
    public async Task A_chair_who_does_not_chair_the_consensus_stage_is_refused_and_an_administrator_is_not()
    {
        await AfterThePeriodsAsync();
        await ReviewAsync(ConsensusStage, chairEmail: People.Admin);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new OpenConsensusCall.Command(Slug), People.Chair));
        Assert.Contains("chair of the consensus stage", refused.Message);

        await SendAsync(new OpenConsensusCall.Command(Slug), People.Admin);
    }

    [Fact]
    public async Task Members_respond_and_challenge_and_anonymous_readers_cannot()
    {
        var designation = await EstimatedAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new RespondToDesignation.Command(Slug, designation, true, null), null));
        await Assert.ThrowsAsync<AccessDeniedException>(async () => await SendAsync(new ChallengeDesignation.Command(Slug, await CurrentDesignationAsync(), "Why"), null));
        await AssertInvalidAsync("Comment", () => SendAsync(new RespondToDesignation.Command(Slug, designation, false, ""), People.Member));
        await AssertInvalidAsync("Reason", async () => await SendAsync(new ChallengeDesignation.Command(Slug, await CurrentDesignationAsync(), ""), People.Member));

        await SendAsync(new RespondToDesignation.Command(Slug, designation, true, null), People.Member);
        await AssertRuleAsync("respond-once-per-designation", () => SendAsync(new RespondToDesignation.Command(Slug, designation, false, "No"), People.Member));

        var view = await SendAsync(new ShowConsensusCall.Query(Slug), People.Member);
        Assert.False(view.MayChair);
        Assert.False(view.Call!.MayRespond);
        Assert.True(view.Call.MayChallenge);
        Assert.Equal((1, 0), (view.Call.Current!.Agreeing, view.Call.Current.Disagreeing));
        Assert.Empty(view.Call.Current.Responses); // members see counts, chairs see who said what
        var chairView = await SendAsync(new ShowConsensusCall.Query(Slug), People.Chair);
        Assert.True(chairView.MayChair);
        Assert.Equal("Mika Member (demo)", Assert.Single(chairView.Call!.Current!.Responses).MemberName);
    }

    [Fact]
    public async Task No_response_or_challenge_after_the_final_designation()
    {
        var designation = await EstimatedAsync();
        await SendAsync(new FinalizeDesignation.Command(Slug, await CurrentDesignationAsync()), People.Chair);
        var final = (await CallAsync()).Current!.Id;

        await AssertRuleAsync("respond-before-final", () => SendAsync(new RespondToDesignation.Command(Slug, final, true, null), People.Member));
        // The estimate is no longer current: answering it is answering from a stale page.
        await Assert.ThrowsAsync<ConflictException>(() => SendAsync(new RespondToDesignation.Command(Slug, designation, true, null), People.Member));
        await AssertRuleAsync("challenge-before-final", async () => await SendAsync(new ChallengeDesignation.Command(Slug, await CurrentDesignationAsync(), "Too late"), People.Member));
        await AssertRuleAsync("no-designation-after-final",
            () => SendAsync(new PublishDesignation.Command(Slug, ConsensusLevel.Divergence, "Changed"), People.Chair));
    }

    [Fact]
    public async Task Acting_on_a_designation_someone_replaced_meanwhile_is_a_conflict_and_saves_nothing()
    {
        var seen = await EstimatedAsync();
        // While the chair's and the members' pages show the estimate, the administrator publishes an update.
        await SendAsync(new PublishDesignation.Command(Slug, ConsensusLevel.Divergence, "Re-evaluated after the last meeting."), People.Admin);
        var ledgerBefore = (await LedgerAsync()).Count;

        var stale = await Assert.ThrowsAsync<ConflictException>(() => SendAsync(new FinalizeDesignation.Command(Slug, seen), People.Chair));
        Assert.Contains("Divergence", stale.Message);
        await Assert.ThrowsAsync<ConflictException>(() => SendAsync(new ChallengeDesignation.Command(Slug, seen, "Not full consensus."), People.Member));
        await Assert.ThrowsAsync<ConflictException>(() => SendAsync(new RespondToDesignation.Command(Slug, seen, true, null), People.Member));

        var call = await CallAsync();
        Assert.False(call.IsFinal);
        Assert.Equal(ConsensusLevel.Divergence, call.Current!.Level);
        Assert.Empty(call.Challenges);
        Assert.Empty(call.Responses);
        Assert.Equal(ledgerBefore, (await LedgerAsync()).Count);
    }

    [Fact]
    public async Task The_call_waits_for_the_periods_to_close_even_when_every_item_has_climbed()
    {
        await ReviewAsync(ConsensusStage); // "at once": the items climbed while replies may still arrive

        await AssertRuleAsync("consensus-call-after-periods", () => SendAsync(new OpenConsensusCall.Command(Slug), People.Chair));
        await AfterThePeriodsAsync();
        await SendAsync(new OpenConsensusCall.Command(Slug), People.Chair);
    }

    [Fact]
    public async Task A_submission_withdrawn_after_it_entered_review_still_climbs_before_the_call_opens()
    {
        const string open = Slugs.OpenForComment;
        await ReviewAsync(toStage: 1, slug: open); // "at once": the items entered while comments are open
        var member = await PersonIdAsync(People.Member);
        var withdrawn = await SubmissionIdAsync(open, s => s.AuthorId == member && s.OnBehalfOfBodyId == null);
        await SendAsync(new Features.Submissions.WithdrawSubmission.Command(withdrawn, "Superseded."), People.Member);
        // Every other item climbs to the consensus stage; the withdrawn one's stays in the first stage, answered.
        var chair = await PersonIdAsync(People.Chair);
        await ChangeAsync(async db =>
        {
            var cycle = await db.ReviewCycles.Include(c => c.Stages).SingleAsync(c => c.ConsultationId == db.Consultations.Single(x => x.Slug == open).Id);
            var items = await db.ReviewItems.Where(i => i.ReviewCycleId == cycle.Id).ToListAsync();
            foreach (var stage in cycle.Stages.Where(s => s.Order < ConsensusStage))
                cycle.PassUp(stage, items.Where(i => i.CurrentStageId == stage.Id).ToList(),
                    items.Where(i => i.CurrentStageId == stage.Id && i.SubmissionId != withdrawn).ToList(), chair, Now);
        });
        await AfterThePeriodsAsync(open);

        // The record could never close this review (its item is below the record stage), so the call does not open on it.
        await AssertRuleAsync("items-reach-consensus-stage-first", () => SendAsync(new OpenConsensusCall.Command(open), People.Chair));
        Assert.Equal(1, (await SendAsync(new ShowConsensusCall.Query(open), People.Chair)).Progress.BelowConsensusStage);
    }

    [Fact]
    public async Task A_minority_view_links_a_submission_of_the_consultation()
    {
        await EstimatedAsync();
        var centr = await SubmissionIdAsync(Slug, s => s.OnBehalfOfBody!.Acronym == "CENTR");
        var elsewhere = await SubmissionIdAsync(Slugs.OpenForComment, s => s.OnBehalfOfBody!.Acronym == "JPRS");

        await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new RecordMinorityView.Command(Slug, elsewhere, "Elsewhere"), People.Chair));
        await AssertInvalidAsync("SubmissionId", () => SendAsync(new RecordMinorityView.Command(Slug, null, "No submission"), People.Chair));
        await SendAsync(new RecordMinorityView.Command(Slug, centr, "ccTLDs follow national law."), People.Chair);
        await AssertRuleAsync("minority-view-once", () => SendAsync(new RecordMinorityView.Command(Slug, centr, "Again"), People.Chair));

        var view = Assert.Single((await CallAsync()).MinorityViews);
        Assert.Equal(centr, view.SubmissionId);
        var ledger = await LedgerAsync();
        AssertLastEntries(ledger, (LedgerEntryKind.MinorityViewRecorded, view.Id));
        Assert.Equal(LedgerContent.Of(view), ledger[^1].ContentHash);
        Assert.Equal("CENTR", Assert.Single((await SendAsync(new ShowConsensusCall.Query(Slug), People.Member)).Call!.MinorityViews).HeldBy);
    }

    [Fact]
    public async Task Of_two_chairs_acting_on_the_same_call_from_stale_copies_the_second_is_refused()
    {
        await EstimatedAsync();
        await using var one = App.NewDbContext();
        await using var other = App.NewDbContext();
        var chair = await PersonIdAsync(People.Chair);
        foreach (var db in new[] { one, other })
        {
            var call = await db.ConsensusCalls.Include(c => c.Designations).Include(c => c.Challenges)
                .SingleAsync(c => c.ConsultationId == db.Consultations.Single(x => x.Slug == Slug).Id);
            call.Designate(ConsensusLevel.Divergence, "Re-evaluated.", chair, Now);
            db.Touch(call);
        }

        await one.SaveChangesAsync();
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => other.SaveChangesAsync());
    }
}
