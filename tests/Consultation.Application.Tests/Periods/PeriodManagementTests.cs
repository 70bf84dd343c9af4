using Consultation.Application.Features.Periods;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;

namespace Consultation.Application.Tests.Periods;

/// <summary>Chairs manage a consultation's periods: extend with a reason, close early with a reason, open a reply period.</summary>
public sealed class PeriodManagementTests : SubmissionTestBase
{
    [Fact]
    public async Task A_chair_extends_the_deadline_with_a_reason_that_the_timeline_and_the_ledger_record()
    {
        var before = await OpenAsync();
        var newClose = before.ClosesAt.AddDays(14);

        await SendAsync(new ExtendDeadline.Command(Slugs.OpenForComment, newClose, "More time requested by the ccTLD community."), People.Chair);

        var after = await OpenAsync();
        Assert.Equal(newClose, after.ClosesAt);
        Assert.Equal(before.OriginalClosesAt, after.OriginalClosesAt);
        var change = Assert.Single(after.DeadlineChanges);
        Assert.Equal("More time requested by the ccTLD community.", change.Reason);
        Assert.Contains(after.TimelineAt(Now), e => e.Kind == TimelineEventKind.DeadlineExtended && e.Description.Contains("More time requested"));
        var ledger = await LedgerAsync();
        Assert.Equal((LedgerEntryKind.DeadlineChange, change.Id), (ledger[^1].Kind, ledger[^1].SubjectId));
        AssertIntact(ledger);
    }

    [Fact]
    public async Task After_an_extension_a_comment_past_the_original_deadline_is_accepted_and_marked_late()
    {
        var consultation = await OpenAsync();
        await SendAsync(new ExtendDeadline.Command(Slugs.OpenForComment, consultation.ClosesAt.AddDays(7), "Extended for the demo."), People.Chair);
        App.Clock.SetUtcNow(consultation.ClosesAt.AddDays(1));

        var receipt = await SubmitOpenAsync(People.Member);

        Assert.True(receipt.IsLate);
    }

    [Fact]
    public async Task Closing_early_refuses_comments_from_then_on()
    {
        await SendAsync(new CloseEarly.Command(Slugs.OpenForComment, "The proposal was withdrawn by its authors."), People.Chair);

        await AssertRuleAsync("submit-while-open", () => SubmitOpenAsync(People.Member));
        Assert.Equal(Now, (await OpenAsync()).ClosesAt);
    }

    [Fact]
    public async Task An_extension_needs_a_reason_and_a_later_close()
    {
        var consultation = await OpenAsync();

        await AssertInvalidAsync("Reason", () => SendAsync(new ExtendDeadline.Command(Slugs.OpenForComment, consultation.ClosesAt.AddDays(1), ""), People.Chair));
        await AssertInvalidAsync("NewClose", () => SendAsync(new ExtendDeadline.Command(Slugs.OpenForComment, null, "Why"), People.Chair));
        await AssertRuleAsync("extension-moves-later",
            () => SendAsync(new ExtendDeadline.Command(Slugs.OpenForComment, consultation.ClosesAt.AddDays(-1), "Earlier"), People.Chair));
        Assert.Empty((await OpenAsync()).DeadlineChanges);
    }

    [Fact]
    public async Task A_reply_period_opens_after_the_close_and_then_takes_replies_only()
    {
        var consultation = await OpenAsync();
        App.Clock.SetUtcNow(consultation.ClosesAt.AddHours(1));
        await AssertRuleAsync("reply-period-minimum", () => SendAsync(
            new OpenReplyPeriod.Command(Slugs.OpenForComment, consultation.ClosesAt, consultation.ClosesAt.AddDays(3)), People.Chair));

        await SendAsync(new OpenReplyPeriod.Command(Slugs.OpenForComment, consultation.ClosesAt, consultation.ClosesAt.AddDays(21)), People.Chair);

        Assert.Equal(ConsultationStatus.ReplyPeriod, (await OpenAsync()).StatusAt(Now));
        await AssertRuleAsync("submit-while-open", () => SubmitOpenAsync(People.Member));
        await AssertRuleAsync("reply-period-once", () => SendAsync(
            new OpenReplyPeriod.Command(Slugs.OpenForComment, consultation.ClosesAt, consultation.ClosesAt.AddDays(30)), People.Chair));
    }

    [Theory]
    [InlineData(People.Member)]
    [InlineData(People.RepCcnso)]
    [InlineData(null)]
    public async Task Only_chairs_and_administrators_manage_periods(string? email)
    {
        var consultation = await OpenAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() =>
            SendAsync(new ExtendDeadline.Command(Slugs.OpenForComment, consultation.ClosesAt.AddDays(1), "Why"), email));
        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(new CloseEarly.Command(Slugs.OpenForComment, "Why"), email));
        Assert.Empty((await OpenAsync()).DeadlineChanges);
    }

    [Fact]
    public async Task An_administrator_may_manage_periods_too() =>
        await SendAsync(new CloseEarly.Command(Slugs.OpenForComment, "Closed by the administrator for the test."), People.Admin);
}
