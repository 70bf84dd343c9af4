using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public class ConsensusTests
{
    private static readonly DateTimeOffset Now = AfterReplies;
    private static readonly string LedgerHead = CanonicalContent.Sha256Hex("illustrative ledger head");

    private static ConsensusCall OpenCall() => ConsensusCall.Open(Guid.NewGuid(), Chair, 0, Now);

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

        var refusal = Refused("blocking-objections-answered-first", () => ConsensusCall.Open(consultationId, Chair, 2, Now));
        Assert.Contains("2 blocking objection", refusal.Message);

        var call = ConsensusCall.Open(consultationId, Chair, 0, Now);
        Assert.Equal(consultationId, call.ConsultationId);
        Assert.Null(call.Current);
        Assert.False(call.IsFinal);
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

        call.RecordMinorityView(submissionId, "Illustrative minority view.");

        Refused("minority-view-once", () => call.RecordMinorityView(submissionId, "Again"));
        Refused("minority-view-summary", () => call.RecordMinorityView(Guid.NewGuid(), " "));
        Assert.Equal(submissionId, Assert.Single(call.MinorityViews).SubmissionId);
    }

    [Fact]
    public void Record_needs_a_final_designation()
    {
        var call = OpenCall();
        call.Designate(ConsensusLevel.Consensus, "Estimate.", Chair, Now);
        Refused("record-needs-final-designation", () => ConsensusRecord.Publish(call, "Decision", Chair, LedgerHead, Now));
    }

    [Fact]
    public void Record_publishes_the_final_level_and_rationale_with_the_ledger_head()
    {
        var call = FinalCall(ConsensusLevel.Divergence);

        var record = ConsensusRecord.Publish(call, "Illustrative decision.", Chair, LedgerHead, Now.AddDays(10));

        Assert.Equal(1, record.Version);
        Assert.Equal(call.ConsultationId, record.ConsultationId);
        Assert.Equal(ConsensusLevel.Divergence, record.Level);
        Assert.Equal("Illustrative rationale.", record.Rationale);
        Assert.Equal(LedgerHead, record.LedgerHeadHash);
        Assert.Null(record.CorrectsRecordId);
        Refused("record-decision", () => ConsensusRecord.Publish(call, " ", Chair, LedgerHead, Now));
    }

    [Fact]
    public void Correction_is_a_new_version_with_a_reason_and_keeps_the_old()
    {
        var original = ConsensusRecord.Publish(FinalCall(), "Original decision.", Chair, LedgerHead, Now);

        Refused("correction-needs-reason", () => original.Correct("Corrected decision.", "  ", Chair, LedgerHead, Now.AddDays(1)));
        var correction = original.Correct("Corrected decision.", "Typo in section number", Chair, LedgerHead, Now.AddDays(1));

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
