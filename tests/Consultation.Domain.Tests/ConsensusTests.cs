using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public class ConsensusTests
{
    private static readonly DateTimeOffset Now = AfterReplies;
    private static readonly string LedgerHead = CanonicalContent.Sha256Hex("illustrative ledger head");

    /// <summary>Every item at the top of the ladder with its response published.</summary>
    private static readonly ReviewProgress Reviewed = new(HasReviewCycle: true, Items: 6, BelowConsensusStage: 0, BelowRecordStage: 0,
        WithoutPublishedResponse: 0, UnansweredBlockingObjections: 0);

    private static ConsensusCall OpenCall() => ConsensusCall.Open(Guid.NewGuid(), Chair, Reviewed, null, Now);

    private static ConsensusRecord Publish(ConsensusCall call, string decision = "Illustrative decision.", ReviewProgress? progress = null) =>
        ConsensusRecord.Publish(call, progress ?? Reviewed, null, decision, Chair, LedgerHead, Now.AddDays(10));

    private static ConsensusCall FinalCall(ConsensusLevel level = ConsensusLevel.Consensus)
    {
        var call = OpenCall();
        call.Designate(level, "Illustrative rationale.", Chair, Now);
        call.Finalize(Chair, Now.AddDays(7));
        return call;
    }

    [Fact]
    public void Consensus_call_opens_only_when_every_blocking_objection_is_answered()
    {
        var consultationId = Guid.NewGuid();

        var refusal = Refused("blocking-objections-answered-first",
            () => ConsensusCall.Open(consultationId, Chair, Reviewed with { UnansweredBlockingObjections = 2 }, null, Now));
        Assert.Contains("2 blocking objection", refusal.Message);

        var call = ConsensusCall.Open(consultationId, Chair, Reviewed with { BelowRecordStage = 6, WithoutPublishedResponse = 6 }, null, Now);
        Assert.Equal(consultationId, call.ConsultationId);
        Assert.Null(call.Current);
        Assert.False(call.IsFinal);
    }

    [Fact]
    public void Consensus_call_opens_only_when_every_item_reached_the_consensus_stage()
    {
        var refusal = Refused("items-reach-consensus-stage-first",
            () => ConsensusCall.Open(Guid.NewGuid(), Chair, Reviewed with { BelowConsensusStage = 3 }, null, Now));
        Assert.Contains("3 review item", refusal.Message);
    }

    [Fact]
    public void Consensus_call_needs_a_review_cycle_and_opens_once()
    {
        Refused("consensus-call-needs-review", () => ConsensusCall.Open(Guid.NewGuid(), Chair, Reviewed with { HasReviewCycle = false }, null, Now));
        var call = OpenCall();
        Refused("consensus-call-once", () => ConsensusCall.Open(call.ConsultationId, Chair, Reviewed, call, Now));
    }

    [Fact]
    public void First_designation_is_an_estimate_and_later_ones_are_updates()
    {
        var call = OpenCall();

        var estimate = call.Designate(ConsensusLevel.StrongSupportButSignificantOpposition, "First reading.", Chair, Now);
        var update = call.Designate(ConsensusLevel.Consensus, "After discussion.", Chair, Now.AddDays(3));

        Assert.Equal(DesignationStatus.Estimated, estimate.Status);
        Assert.Equal(DesignationStatus.Updated, update.Status);
        Assert.Equal([1, 2], call.Designations.Select(d => d.Sequence));
        Assert.Same(update, call.Current);
    }

    [Fact]
    public void Designation_needs_a_rationale_and_a_known_level()
    {
        var call = OpenCall();
        Refused("designation-rationale", () => call.Designate(ConsensusLevel.Consensus, " ", Chair, Now));
        Refused("designation-level-known", () => call.Designate((ConsensusLevel)42, "Why", Chair, Now));
        Assert.Empty(call.Designations);
    }

    [Fact]
    public void Finalize_makes_the_current_designation_final()
    {
        var call = OpenCall();
        call.Designate(ConsensusLevel.FullConsensus, "Estimate.", Chair, Now);
        call.Designate(ConsensusLevel.Consensus, "Updated rationale.", Chair, Now.AddDays(1));

        var final = call.Finalize(Chair, Now.AddDays(7));

        Assert.True(call.IsFinal);
        Assert.Equal(DesignationStatus.Final, final.Status);
        Assert.Equal(ConsensusLevel.Consensus, final.Level);
        Assert.Equal("Updated rationale.", final.Rationale);
        Assert.Equal(3, final.Sequence);
    }

    [Fact]
    public void Finalize_needs_a_designation_and_happens_once()
    {
        Refused("finalize-needs-designation", () => OpenCall().Finalize(Chair, Now));
        Refused("finalize-once", () => FinalCall().Finalize(Chair, Now.AddDays(8)));
    }

    [Fact]
    public void No_designation_after_the_final_one()
    {
        var call = FinalCall();
        Refused("no-designation-after-final", () => call.Designate(ConsensusLevel.Divergence, "Too late.", Chair, Now.AddDays(8)));
    }

    [Fact]
    public void Open_challenge_blocks_finalizing_until_it_is_answered()
    {
        var call = OpenCall();
        call.Designate(ConsensusLevel.Consensus, "Estimate.", Chair, Now);
        var challenge = call.Challenge("member-1", "Illustrative: the opposition is not small.", Now.AddDays(1));

        Assert.True(call.HasOpenChallenges);
        Refused("challenges-answered-before-final", () => call.Finalize(Chair, Now.AddDays(2)));

        call.AnswerChallenge(challenge.Id, upheld: false, "Illustrative answer.", Chair, Now.AddDays(3));

        Assert.Equal(ChallengeStatus.Dismissed, challenge.Status);
        Assert.Equal("Illustrative answer.", challenge.AnswerText);
        Assert.False(call.HasOpenChallenges);
        Assert.Equal(DesignationStatus.Final, call.Finalize(Chair, Now.AddDays(4)).Status);
    }

    [Fact]
    public void Challenge_targets_the_current_designation_before_it_is_final()
    {
        var call = OpenCall();
        Refused("challenge-needs-designation", () => call.Challenge("member-1", "Nothing to challenge", Now));

        var designation = call.Designate(ConsensusLevel.Consensus, "Estimate.", Chair, Now);
        Refused("challenge-reason", () => call.Challenge("member-1", " ", Now));
        Assert.Equal(designation.Id, call.Challenge("member-1", "Reason", Now).DesignationId);

        Refused("challenge-before-final", () => FinalCall().Challenge("member-1", "After the fact", Now.AddDays(8)));
    }

    [Fact]
    public void Challenge_is_answered_once_with_a_written_answer()
    {
        var call = OpenCall();
        call.Designate(ConsensusLevel.Consensus, "Estimate.", Chair, Now);
        var challenge = call.Challenge("member-1", "Reason", Now);

        Refused("challenge-exists", () => call.AnswerChallenge(Guid.NewGuid(), true, "Answer", Chair, Now));
        Refused("challenge-answer", () => call.AnswerChallenge(challenge.Id, true, "", Chair, Now));
        call.AnswerChallenge(challenge.Id, upheld: true, "Upheld; the designation will be updated.", Chair, Now);
        Refused("challenge-answered-once", () => call.AnswerChallenge(challenge.Id, false, "Changed my mind", Chair, Now));

        Assert.Equal(ChallengeStatus.Upheld, challenge.Status);
        Assert.Equal(Chair, challenge.AnsweredBy);
    }

    [Fact]
    public void Minority_view_is_recorded_once_per_submission()
    {
        var call = OpenCall();
        var submissionId = Guid.NewGuid();

        call.RecordMinorityView(submissionId, "Illustrative minority view.", Chair, Now);

        Refused("minority-view-once", () => call.RecordMinorityView(submissionId, "Again", Chair, Now));
        Refused("minority-view-summary", () => call.RecordMinorityView(Guid.NewGuid(), " ", Chair, Now));
        var view = Assert.Single(call.MinorityViews);
        Assert.Equal((submissionId, Chair, Now), (view.SubmissionId, view.RecordedBy, view.RecordedAt));
    }

    [Fact]
    public void Members_answer_the_current_designation_once_each_and_say_why_they_disagree()
    {
        var call = OpenCall();
        var estimate = call.Designate(ConsensusLevel.Consensus, "Estimate.", Chair, Now);

        var agreement = call.Respond(estimate.Id, "member-1", agrees: true, null, Now);
        Refused("disagreement-needs-comment", () => call.Respond(estimate.Id, "member-2", agrees: false, "  ", Now));
        var disagreement = call.Respond(estimate.Id, "member-2", agrees: false, " The opposition is larger. ", Now);
        Refused("respond-once-per-designation", () => call.Respond(estimate.Id, "member-1", agrees: false, "Changed my mind", Now));
        Refused("response-comment-length", () => call.Respond(estimate.Id, "member-3", agrees: true, new string('x', 5001), Now));

        Assert.Equal(("", "The opposition is larger."), (agreement.Comment, disagreement.Comment));
        Assert.Equal(2, call.Responses.Count);

        var update = call.Designate(ConsensusLevel.StrongSupportButSignificantOpposition, "Updated.", Chair, Now.AddDays(1));
        Refused("respond-to-current-designation", () => call.Respond(estimate.Id, "member-3", agrees: true, null, Now.AddDays(1)));
        Assert.Equal(update.Id, call.Respond(update.Id, "member-1", agrees: true, null, Now.AddDays(1)).DesignationId);
    }

    [Fact]
    public void No_response_before_a_designation_or_after_the_final_one()
    {
        Refused("respond-to-current-designation", () => OpenCall().Respond(Guid.NewGuid(), "member-1", true, null, Now));
        var call = FinalCall();
        Refused("respond-before-final", () => call.Respond(call.Current!.Id, "member-1", true, null, Now.AddDays(8)));
    }

    [Fact]
    public void A_member_challenges_a_designation_once()
    {
        var call = OpenCall();
        call.Designate(ConsensusLevel.Consensus, "Estimate.", Chair, Now);
        var challenge = call.Challenge("member-1", "Reason", Now);
        call.AnswerChallenge(challenge.Id, upheld: false, "Dismissed.", Chair, Now);

        Refused("challenge-once-per-designation", () => call.Challenge("member-1", "Again", Now));
        call.Challenge("member-2", "Another member's reason", Now);
        call.Designate(ConsensusLevel.Consensus, "Updated.", Chair, Now.AddDays(1));
        call.Challenge("member-1", "The update too", Now.AddDays(1));
        Assert.Equal(3, call.Challenges.Count);
    }

    [Fact]
    public void An_upheld_challenge_needs_an_updated_designation_before_the_final_one()
    {
        var call = OpenCall();
        call.Designate(ConsensusLevel.FullConsensus, "Estimate.", Chair, Now);
        var challenge = call.Challenge("member-1", "Illustrative: there is opposition.", Now);
        call.AnswerChallenge(challenge.Id, upheld: true, "Upheld.", Chair, Now.AddDays(1));

        Refused("upheld-challenge-needs-update", () => call.Finalize(Chair, Now.AddDays(2)));

        call.Designate(ConsensusLevel.Consensus, "Re-evaluated after the challenge.", Chair, Now.AddDays(2));
        Assert.Equal(ConsensusLevel.Consensus, call.Finalize(Chair, Now.AddDays(3)).Level);
    }

    [Fact]
    public void Record_needs_a_final_designation()
    {
        var call = OpenCall();
        call.Designate(ConsensusLevel.Consensus, "Estimate.", Chair, Now);
        Refused("record-needs-final-designation", () => Publish(call));
    }

    [Fact]
    public void Record_needs_every_item_in_the_record_stage_with_its_response_published()
    {
        var call = FinalCall();
        Refused("record-needs-items-in-record-stage", () => Publish(call, progress: Reviewed with { BelowRecordStage = 2 }));
        Refused("record-needs-items-in-record-stage", () => Publish(call, progress: Reviewed with { HasReviewCycle = false }));
        var refusal = Refused("record-needs-published-responses", () => Publish(call, progress: Reviewed with { WithoutPublishedResponse = 1 }));
        Assert.Contains("1 review item", refusal.Message);
    }

    [Fact]
    public void Record_is_published_once()
    {
        var call = FinalCall();
        var record = Publish(call);
        Refused("record-published-once", () => ConsensusRecord.Publish(call, Reviewed, record, "Again.", Chair, LedgerHead, Now.AddDays(11)));
    }

    [Fact]
    public void Record_states_the_minority_views_as_they_were_at_publication()
    {
        var call = OpenCall();
        var held = Guid.NewGuid();
        call.RecordMinorityView(held, "Illustrative minority view.", Chair, Now);
        call.Designate(ConsensusLevel.Consensus, "Estimate.", Chair, Now);
        call.Finalize(Chair, Now.AddDays(1));

        var record = Publish(call);
        call.RecordMinorityView(Guid.NewGuid(), "Recorded after publication.", Chair, Now.AddDays(11));

        var stated = Assert.Single(record.MinorityViews);
        Assert.Equal((held, "Illustrative minority view.", record.Id), (stated.SubmissionId, stated.Summary, stated.ConsensusRecordId));
        Assert.Equal(2, record.Correct(call, "Decision.", "A minority view was left out.", Chair, LedgerHead, Now.AddDays(12)).MinorityViews.Count);
    }

    [Fact]
    public void Record_publishes_the_final_level_and_rationale_with_the_ledger_head()
    {
        var call = FinalCall(ConsensusLevel.Divergence);

        var record = Publish(call);

        Assert.Equal(1, record.Version);
        Assert.Equal(call.ConsultationId, record.ConsultationId);
        Assert.Equal(ConsensusLevel.Divergence, record.Level);
        Assert.Equal("Illustrative rationale.", record.Rationale);
        Assert.Equal(LedgerHead, record.LedgerHeadHash);
        Assert.Null(record.CorrectsRecordId);
        Assert.Equal(call.Id, record.ConsensusCallId);
        Refused("record-decision", () => Publish(call, " "));
    }

    [Fact]
    public void Correction_is_a_new_version_with_a_reason_and_keeps_the_old()
    {
        var call = FinalCall();
        var original = Publish(call, "Original decision.");

        Refused("correction-needs-reason", () => original.Correct(call, "Corrected decision.", "  ", Chair, LedgerHead, Now.AddDays(11)));
        Refused("correct-own-call", () => original.Correct(FinalCall(), "Corrected decision.", "Why", Chair, LedgerHead, Now.AddDays(11)));
        var correction = original.Correct(call, "Corrected decision.", "Typo in section number", Chair, LedgerHead, Now.AddDays(11));

        Assert.Equal(2, correction.Version);
        Assert.Equal(original.Id, correction.CorrectsRecordId);
        Assert.Equal("Typo in section number", correction.CorrectionReason);
        Assert.Equal(original.Level, correction.Level);
        Assert.Equal("Corrected decision.", correction.Decision);
        Assert.Equal("Original decision.", original.Decision);
        Assert.Equal(1, original.Version);
        Assert.Null(original.CorrectionReason);
    }
}
