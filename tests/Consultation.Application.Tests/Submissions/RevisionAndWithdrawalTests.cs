using Consultation.Application.Features.Submissions;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Domain.Common;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;

namespace Consultation.Application.Tests.Submissions;

/// <summary>Editing makes a new version and keeps the earlier ones; withdrawing keeps the history, marked withdrawn.</summary>
public sealed class RevisionAndWithdrawalTests : SubmissionTestBase
{
    [Fact]
    public async Task Revising_creates_version_two_and_version_one_keeps_its_own_hash()
    {
        var first = await SubmitOpenAsync(People.Member, "The first text.");
        App.Clock.Advance(TimeSpan.FromHours(2));

        var second = await SendAsync(Revision(first.SubmissionId, "The second text."), People.Member);

        Assert.Equal((first.SubmissionId, 2, Now), (second.SubmissionId, second.Version, second.SubmittedAt));
        Assert.NotEqual(first.ContentHash, second.ContentHash);
        var versions = (await StoredAsync(first.SubmissionId)).Versions.OrderBy(v => v.Number).ToList();
        Assert.Equal([(1, first.ContentHash, "The first text."), (2, second.ContentHash, "The second text.")],
            versions.Select(v => (v.Number, v.ContentHash, v.Text)));
        Assert.Equal(Stance.Concerns, versions[1].Stance);
        AssertIntact(await LedgerAsync());
    }

    [Fact]
    public async Task The_submission_page_lists_every_version_newest_first_with_its_hash()
    {
        var first = await SubmitOpenAsync(People.Member, "The first text.");
        var second = await SendAsync(Revision(first.SubmissionId, "The second text."), People.Member);

        var shown = await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, first.SubmissionId));

        Assert.Equal([(2, second.ContentHash), (1, first.ContentHash)], shown.Versions.Select(v => (v.Number, v.ContentHash)));
        Assert.Contains("The second text.", shown.Versions[0].Text.Value);
        Assert.Contains("The first text.", shown.Versions[1].Text.Value);
    }

    [Fact]
    public async Task Another_member_cannot_revise_a_submission_and_nothing_is_saved()
    {
        var receipt = await SubmitOpenAsync(People.Member);
        var before = await RowCountsAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(Revision(receipt.SubmissionId), People.RepCcnso));

        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task Another_representative_of_the_body_may_revise_its_position()
    {
        var first = await SendAsync(Position((await OpenAsync()).Id, await BodyIdAsync("ccNSO")), People.RepCcnso);
        await GrantMandateAsync(People.RepIsoc, "ccNSO");

        var second = await SendAsync(Revision(first.SubmissionId), People.RepIsoc);

        Assert.Equal((first.SubmissionId, 2, "ccNSO"), (second.SubmissionId, second.Version, second.OnBehalfOf));
    }

    [Fact]
    public async Task Revising_at_the_close_is_refused()
    {
        var receipt = await SubmitOpenAsync(People.Member);
        var open = await OpenAsync();
        App.Clock.SetUtcNow(open.ClosesAt);

        var refused = await AssertRuleAsync("edit-before-close", () => SendAsync(Revision(receipt.SubmissionId), People.Member));

        Assert.Contains(UtcText.Of(open.ClosesAt), refused.Message);
        Assert.Single((await StoredAsync(receipt.SubmissionId)).Versions);
    }

    [Fact]
    public async Task The_revision_form_shows_the_current_version_to_its_author_and_refuses_anyone_else()
    {
        var first = await SubmitOpenAsync(People.Member);
        await SendAsync(Revision(first.SubmissionId, "The current text."), People.Member);

        var form = await SendAsync(new SubmissionForm.Query(Slugs.OpenForComment, first.SubmissionId), People.Member);

        Assert.NotNull(form.Revising);
        Assert.Equal((first.SubmissionId, 2, "The current text.", Stance.Concerns),
            (form.Revising.SubmissionId, form.Revising.Version, form.Revising.Text, form.Revising.Stance));
        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            SendAsync(new SubmissionForm.Query(Slugs.OpenForComment, first.SubmissionId), People.RepCcnso));
    }

    [Fact]
    public async Task Withdrawing_marks_the_submission_withdrawn_keeps_its_versions_and_appends_a_ledger_entry()
    {
        var first = await SubmitOpenAsync(People.Member);
        await SendAsync(Revision(first.SubmissionId), People.Member);
        App.Clock.Advance(TimeSpan.FromMinutes(5));

        await SendAsync(new WithdrawSubmission.Command(first.SubmissionId, "  Superseded by a joint comment.  "), People.Member);

        var stored = await StoredAsync(first.SubmissionId);
        Assert.Equal((Now, "Superseded by a joint comment.", 2), (stored.WithdrawnAt, stored.WithdrawalReason, stored.Versions.Count));
        var ledger = await LedgerAsync();
        Assert.Equal((LedgerEntryKind.SubmissionWithdrawn, first.SubmissionId, LedgerContent.WithdrawalOf(stored), Now),
            (ledger[^1].Kind, ledger[^1].SubjectId, ledger[^1].ContentHash, ledger[^1].RecordedAt));
        AssertIntact(ledger);
        var shown = await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, first.SubmissionId));
        Assert.Equal((Now, "Superseded by a joint comment.", 2, false), (shown.WithdrawnAt, shown.WithdrawalReason, shown.Versions.Count, shown.MayEdit));
    }

    [Fact]
    public async Task A_withdrawn_submission_cannot_be_revised()
    {
        var receipt = await SubmitOpenAsync(People.Member);
        await SendAsync(new WithdrawSubmission.Command(receipt.SubmissionId, null), People.Member);

        await AssertRuleAsync("no-edit-after-withdrawal", () => SendAsync(Revision(receipt.SubmissionId), People.Member));

        Assert.Single((await StoredAsync(receipt.SubmissionId)).Versions);
    }

    [Fact]
    public async Task Withdrawing_at_the_close_is_refused()
    {
        var receipt = await SubmitOpenAsync(People.Member);
        App.Clock.SetUtcNow((await OpenAsync()).ClosesAt);

        await AssertRuleAsync("withdraw-before-close", () => SendAsync(new WithdrawSubmission.Command(receipt.SubmissionId, null), People.Member));

        Assert.Null((await StoredAsync(receipt.SubmissionId)).WithdrawnAt);
    }

    [Fact]
    public async Task Another_member_cannot_withdraw_a_submission()
    {
        var receipt = await SubmitOpenAsync(People.Member);
        var ledgerBefore = (await LedgerAsync()).Count;

        await Assert.ThrowsAsync<AccessDeniedException>(
            () => SendAsync(new WithdrawSubmission.Command(receipt.SubmissionId, null), People.RepCcnso));

        Assert.Null((await StoredAsync(receipt.SubmissionId)).WithdrawnAt);
        Assert.Equal(ledgerBefore, (await LedgerAsync()).Count);
    }
}
