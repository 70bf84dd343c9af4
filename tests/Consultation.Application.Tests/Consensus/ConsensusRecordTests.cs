using Consultation.Application.Features.Consensus;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Consensus;

/// <summary>The chair publishes the consensus record; it is immutable, and a correction is a new version with a reason.</summary>
public sealed class ConsensusRecordTests : ConsensusTestBase
{
    private const string Decision = "The principles are *adopted* with a retention limit added to section 3.";

    [Fact]
    public async Task Publishing_the_record_states_the_ledger_head_before_its_own_entry_and_decides_the_consultation()
    {
        await ReadyForRecordAsync();
        var centr = await SubmissionIdAsync(Slug, s => s.OnBehalfOfBody!.Acronym == "CENTR");
        await SendAsync(new RecordMinorityView.Command(Slug, centr, "ccTLDs follow national law."), People.Chair);
        var headBefore = (await LedgerAsync())[^1].Hash;

        Assert.Equal(1, await SendAsync(new PublishRecord.Command(Slug, Decision), People.Chair));

        var record = Assert.Single(await RecordsAsync());
        Assert.Equal((ConsensusLevel.Consensus, headBefore), (record.Level, record.LedgerHeadHash));
        var ledger = await LedgerAsync();
        AssertLastEntries(ledger, (LedgerEntryKind.RecordPublished, record.Id));
        Assert.Equal(headBefore, ledger[^1].PreviousHash);
        await using (var db = App.NewDbContext())
        {
            var stored = await db.ConsensusRecords.AsNoTracking().SingleAsync(r => r.Id == record.Id);
            Assert.Equal(LedgerContent.Of(stored), ledger[^1].ContentHash);
            Assert.Equal(centr, Assert.Single(stored.MinorityViews).SubmissionId);
        }
        Assert.Equal(ConsultationStatus.Decided, (await ConsultationAsync(Slug)).StatusAt(Now));

        var shown = await SendAsync(new ShowRecord.Query(Slug));
        Assert.Equal((1, 1, ConsensusLevel.Consensus), (shown.Version, shown.LatestVersion, shown.Level));
        Assert.Contains("<em>adopted</em>", shown.Decision.Value);
        Assert.Equal("CENTR", Assert.Single(shown.MinorityViews).HeldBy);
        Assert.Equal(ledger[^1].Sequence, shown.LedgerEntry!.Sequence);
        Assert.All(shown.Contributions, c => Assert.NotNull(c.Response));
        Assert.Contains(shown.Timeline, t => t.Description == "Consensus call opened");
        Assert.Contains(shown.Timeline, t => t.Description.Contains("Final designation: Consensus"));
    }

    [Fact]
    public async Task Publishing_the_record_closes_the_review_so_no_answer_changes_after_it()
    {
        await ReadyForRecordAsync();
        await SendAsync(new PublishRecord.Command(Slug, Decision), People.Chair);
        var consultation = await ConsultationAsync(Slug);
        await using var db = App.NewDbContext();
        var item = await db.ReviewItems.AsNoTracking().FirstAsync(i => db.Submissions.Any(s => s.Id == i.SubmissionId && s.ConsultationId == consultation.Id));

        await AssertRuleAsync("review-closed-after-record", () => SendAsync(new Features.Reviews.SendBack.Command(
            new Features.Reviews.ItemSeen(item.Id, item.ConcurrencyToken), "Reopened after the record."), People.Chair));
        Assert.NotNull((await db.ReviewCycles.AsNoTracking().SingleAsync(c => c.Id == item.ReviewCycleId)).CompletedAt);
    }

    [Fact]
    public async Task The_record_waits_for_the_final_designation()
    {
        await EstimatedAsync();
        await SendAsync(new ChallengeDesignation.Command(Slug, await CurrentDesignationAsync(), "The opposition is not small."), People.Member);
        await MoveItemsAsync(RecordStage, publishResponses: true);

        await AssertRuleAsync("record-needs-final-designation", () => SendAsync(new PublishRecord.Command(Slug, Decision), People.Chair));
        Assert.Empty(await RecordsAsync());
    }

    [Fact]
    public async Task The_record_waits_for_every_item_in_the_record_stage_with_its_response_published()
    {
        await EstimatedAsync();
        await SendAsync(new FinalizeDesignation.Command(Slug, await CurrentDesignationAsync()), People.Chair);

        await AssertRuleAsync("record-needs-items-in-record-stage", () => SendAsync(new PublishRecord.Command(Slug, Decision), People.Chair));
        await MoveItemsAsync(RecordStage);
        var refusal = await AssertRuleAsync("record-needs-published-responses", () => SendAsync(new PublishRecord.Command(Slug, Decision), People.Chair));
        Assert.Contains("4 review item", refusal.Message);
        await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ShowRecord.Query(Slug)));
        await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ShowReport.Query(Slug)));
    }

    [Fact]
    public async Task A_correction_is_a_new_version_with_a_reason_and_the_earlier_stays_readable()
    {
        await ReadyForRecordAsync();
        await SendAsync(new PublishRecord.Command(Slug, Decision), People.Chair);
        await AssertRuleAsync("record-published-once", () => SendAsync(new PublishRecord.Command(Slug, "Again"), People.Chair));
        await AssertInvalidAsync("Reason", () => SendAsync(new CorrectRecord.Command(Slug, "Corrected.", ""), People.Chair));

        Assert.Equal(2, await SendAsync(new CorrectRecord.Command(Slug, "The principles are adopted; section 3 gains a retention limit.",
            "The section number was wrong."), People.Chair));

        var records = await RecordsAsync();
        Assert.Equal([1, 2], records.Select(r => r.Version));
        Assert.Equal((Decision, (string?)null), (records[0].Decision, records[0].CorrectionReason));
        Assert.Equal((records[0].Id, "The section number was wrong."), (records[1].CorrectsRecordId!.Value, records[1].CorrectionReason));
        var ledger = await LedgerAsync();
        AssertLastEntries(ledger, (LedgerEntryKind.RecordPublished, records[1].Id));
        Assert.Equal(ledger[^2].Hash, records[1].LedgerHeadHash);

        var latest = await SendAsync(new ShowRecord.Query(Slug));
        Assert.Equal((2, "The section number was wrong."), (latest.Version, latest.CorrectionReason));
        Assert.Equal([(1, (string?)null), (2, "The section number was wrong.")], latest.Versions.Select(v => (v.Version, v.CorrectionReason)));
        var first = await SendAsync(new ShowRecord.Query(Slug, 1));
        Assert.Contains("<em>adopted</em>", first.Decision.Value);
        await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ShowRecord.Query(Slug, 3)));
    }

    [Fact]
    public async Task A_published_record_cannot_be_changed_in_place()
    {
        await ReadyForRecordAsync();
        await SendAsync(new PublishRecord.Command(Slug, Decision), People.Chair);

        await using var db = App.NewDbContext();
        var record = await db.ConsensusRecords.SingleAsync(r => r.Version == 1 && r.Decision == Decision);
        db.Entry(record).Property(r => r.Decision).CurrentValue = "Rewritten after the fact.";
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        // A save turns EF's look for changes off while it runs (ConsultationDbContext): a refused one turns it back on.
        Assert.True(db.ChangeTracker.AutoDetectChangesEnabled);
        db.ChangeTracker.Clear();
        db.ConsensusRecords.Remove(await db.ConsensusRecords.SingleAsync(r => r.Id == record.Id));
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        Assert.Equal(Decision, Assert.Single(await RecordsAsync()).Decision);
    }

    [Fact]
    public async Task The_public_record_and_report_never_show_an_unpublished_response()
    {
        await ReadyForRecordAsync();
        await SendAsync(new PublishRecord.Command(Slug, Decision), People.Chair);
        var centr = await SubmissionIdAsync(Slug, s => s.OnBehalfOfBody!.Acronym == "CENTR");
        // The review is closed by the record; only a hand-made change could leave an answer unpublished now.
        await using (var db = App.NewDbContext())
            await db.Database.ExecuteSqlRawAsync(
                "UPDATE ReviewItems SET Disposition = 'OutOfScope', Response = 'An answer still in draft.', ResponsePublishedAt = NULL WHERE SubmissionId = {0}", centr);

        var record = await SendAsync(new ShowRecord.Query(Slug));
        var report = await SendAsync(new ShowReport.Query(Slug));

        foreach (var contributions in new[] { record.Contributions, report.Contributions })
        {
            var shown = contributions.Single(c => c.SubmissionId == centr);
            Assert.Equal((null, null), (shown.Disposition, shown.Response));
            Assert.DoesNotContain(contributions, c => c.Response?.Value.Contains("still in draft") == true);
        }
    }

    [Fact]
    public async Task Correcting_needs_a_published_record()
    {
        await ReadyForRecordAsync();
        await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new CorrectRecord.Command(Slug, "Corrected.", "Why"), People.Chair));
    }

    [Fact]
    public async Task The_report_groups_the_submissions_by_contributor_and_section_and_shows_only_published_answers()
    {
        await ReadyForRecordAsync();
        await SendAsync(new PublishRecord.Command(Slug, Decision), People.Chair);

        var report = await SendAsync(new ShowReport.Query(Slug));

        Assert.Equal(["CENTR", "FIRST", "ISOC"], report.Bodies.Select(b => b.Acronym).Order());
        Assert.Equal(["Mika Member (demo)"], report.Individuals);
        Assert.Equal(["1", "2", "3"], report.Sections.Select(s => s.Number));
        Assert.Equal(["CENTR", "FIRST"], report.Sections[0].Citing.Select(c => c.Label).Order());
        Assert.Equal(2, report.Sections[2].Citing.Count);
        Assert.All(report.Contributions, c => Assert.Equal(Domain.Reviews.Disposition.PartiallyAccepted, c.Disposition));
        Assert.Equal(4, report.Matrix.Total);
        Assert.Equal([StanceMatrix.Individuals], report.Matrix.Rows.Where(r => r.Label == StanceMatrix.Individuals).Select(r => r.Label));
    }

    [Fact]
    public async Task The_demo_record_reads_back_with_its_minority_view_challenge_and_every_answer()
    {
        var record = await SendAsync(new ShowRecord.Query(Slugs.Decided));

        Assert.Equal(ConsensusLevel.Divergence, record.Level);
        Assert.Equal("ISOC", Assert.Single(record.MinorityViews).HeldBy);
        Assert.Equal(ChallengeStatus.Dismissed, Assert.Single(record.Challenges).Status);
        Assert.Equal(6, record.Contributions.Count);
        Assert.All(record.Contributions, c => Assert.NotNull(c.Disposition));
        Assert.Equal(6, record.Matrix.Total);
        var ledger = await LedgerAsync();
        Assert.Equal(ledger.Single(e => e.Sequence == record.LedgerEntry!.Sequence - 1).Hash, record.LedgerHeadHash);
        AssertIntact(ledger);
    }
}
