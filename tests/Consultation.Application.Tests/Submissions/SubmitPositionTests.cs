using Consultation.Application.Features.Submissions;
using Consultation.Application.Pipeline;
using Consultation.Domain.Common;
using Consultation.Domain.Ledger;

namespace Consultation.Application.Tests.Submissions;

/// <summary>Submitting in one's own name: the receipt, the ledger entry, and the deadline to the second.</summary>
public sealed class SubmitPositionTests : SubmissionTestBase
{
    [Fact]
    public async Task A_submission_while_open_returns_a_receipt_for_version_one_at_the_clock_time_with_the_stored_hash()
    {
        App.Clock.Advance(new TimeSpan(0, 1, 23, 45, 678) + TimeSpan.FromTicks(9)); // not a round instant: stored to the tick
        var submittedAt = Now;

        var receipt = await SubmitOpenAsync(People.Member);

        Assert.Equal((1, submittedAt, TimeSpan.Zero), (receipt.Version, receipt.SubmittedAt, receipt.SubmittedAt.Offset));
        Assert.Matches("^[0-9a-f]{64}$", receipt.ContentHash);
        Assert.Equal((Slugs.OpenForComment, (string?)null, false), (receipt.ConsultationSlug, receipt.OnBehalfOf, receipt.IsLate));
        Assert.Equal($"/consultations/{Slugs.OpenForComment}/submissions/{receipt.SubmissionId}", receipt.Permalink);
        var version = Assert.Single((await StoredAsync(receipt.SubmissionId)).Versions);
        Assert.Equal((receipt.ContentHash, submittedAt, await PersonIdAsync(People.Member)), (version.ContentHash, version.SubmittedAt, version.SubmittedBy));
    }

    [Fact]
    public async Task A_submission_appends_a_ledger_entry_for_its_version_under_the_receipts_sequence_and_the_ledger_still_verifies()
    {
        var before = await LedgerAsync();

        var receipt = await SubmitOpenAsync(People.Member);

        var ledger = await LedgerAsync();
        var versionId = Assert.Single((await StoredAsync(receipt.SubmissionId)).Versions).Id;
        var entry = Assert.Single(ledger, e => e.SubjectId == versionId);
        Assert.Equal((LedgerEntryKind.SubmissionVersion, receipt.LedgerSequence, receipt.ContentHash, receipt.SubmittedAt),
            (entry.Kind, entry.Sequence, entry.ContentHash, entry.RecordedAt));
        Assert.Equal(before.Count + 1, ledger.Count);
        Assert.Equal(before[^1].Hash, entry.PreviousHash);
        AssertIntact(ledger);
    }

    [Fact]
    public async Task An_anonymous_visitor_cannot_submit_or_stage_a_file()
    {
        var position = Position((await OpenAsync()).Id);
        var before = await RowCountsAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(position, null));
        await Assert.ThrowsAsync<AccessDeniedException>(() => StageAsync(null, "position.pdf", SmallPdf));

        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task The_author_can_show_the_receipt_again_and_another_member_cannot()
    {
        var receipt = await SubmitOpenAsync(People.Member);

        Assert.Equal(receipt, await SendAsync(new ShowReceipt.Query(receipt.SubmissionId), People.Member));
        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new ShowReceipt.Query(receipt.SubmissionId), People.RepCcnso));
    }

    [Fact]
    public async Task A_submission_one_second_before_the_close_is_accepted()
    {
        var open = await OpenAsync();
        App.Clock.SetUtcNow(open.ClosesAt.AddSeconds(-1));

        var receipt = await SubmitOpenAsync(People.Member);

        Assert.Equal((1, open.ClosesAt.AddSeconds(-1), false), (receipt.Version, receipt.SubmittedAt, receipt.IsLate));
    }

    [Fact]
    public async Task A_submission_at_the_close_exactly_is_refused_with_the_deadline_in_the_message_and_nothing_is_saved()
    {
        var open = await OpenAsync();
        App.Clock.SetUtcNow(open.ClosesAt);
        var before = await RowCountsAsync();

        var refused = await AssertRuleAsync("submit-while-open", () => SubmitOpenAsync(People.Member));

        Assert.Contains($"closed at {UtcText.Of(open.ClosesAt)}", refused.Message);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task After_an_extension_a_submission_after_the_original_close_is_accepted_and_marked_late()
    {
        var open = await OpenAsync();
        await ExtendOpenConsultationAsync(open.ClosesAt.AddDays(14));

        App.Clock.SetUtcNow(open.ClosesAt.AddSeconds(-1));
        var inTime = await SubmitOpenAsync(People.Member);
        App.Clock.SetUtcNow(open.ClosesAt);
        var late = await SubmitOpenAsync(People.Member);

        Assert.False(inTime.IsLate);
        Assert.True(late.IsLate);
        Assert.True((await StoredAsync(late.SubmissionId)).IsLate);
        Assert.True((await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, late.SubmissionId))).IsLate);
    }

    [Fact]
    public async Task After_an_extension_the_new_close_is_the_deadline_to_the_second()
    {
        var newClose = (await OpenAsync()).ClosesAt.AddDays(14);
        await ExtendOpenConsultationAsync(newClose);

        App.Clock.SetUtcNow(newClose.AddSeconds(-1));
        Assert.True((await SubmitOpenAsync(People.Member)).IsLate);
        App.Clock.SetUtcNow(newClose);
        var refused = await AssertRuleAsync("submit-while-open", () => SubmitOpenAsync(People.Member));

        Assert.Contains($"closed at {UtcText.Of(newClose)}", refused.Message);
    }

    [Fact]
    public async Task Nobody_can_submit_to_the_decided_dns_cert_consultation()
    {
        var decided = await ConsultationAsync(Slugs.Decided);

        var refused = await AssertRuleAsync("submit-while-open", () => SendAsync(Position(decided.Id), People.Member));

        Assert.Contains("closed at 2010-04-14 23:59 UTC", refused.Message);
    }
}
