using Consultation.Application.Features.Submissions;
using Consultation.Domain.Common;

namespace Consultation.Application.Tests.Submissions;

/// <summary>During the reply period a submission must reply to an earlier comment of the same consultation.</summary>
public sealed class ReplyPeriodTests : SubmissionTestBase
{
    private async Task<SubmitPosition.Command> ReplyPeriodPositionAsync(Guid? repliesTo, Guid? onBehalfOf = null) =>
        Position((await ConsultationAsync(Slugs.ReplyPeriod)).Id, onBehalfOf) with { RepliesToSubmissionId = repliesTo };

    /// <summary>The CENTR comment the demo data puts on the reply-period consultation.</summary>
    private async Task<Guid> CentrCommentAsync()
    {
        var centr = await BodyIdAsync("CENTR");
        return await SubmissionIdAsync(Slugs.ReplyPeriod, s => s.OnBehalfOfBodyId == centr);
    }

    [Fact]
    public async Task During_the_reply_period_a_submission_that_replies_to_nothing_is_refused_with_a_word_about_replying()
    {
        var toNothing = await ReplyPeriodPositionAsync(repliesTo: null);
        var before = await RowCountsAsync();

        var refused = await AssertRuleAsync("submit-while-open", () => SendAsync(toNothing, People.Member));

        Assert.Contains("reply period a submission must reply to an earlier one", refused.Message);
        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task During_the_reply_period_a_reply_to_an_earlier_comment_is_accepted_and_shows_what_it_replies_to()
    {
        var centr = await CentrCommentAsync();

        var receipt = await SendAsync(await ReplyPeriodPositionAsync(centr), People.Member);

        Assert.Equal((Slugs.ReplyPeriod, 1, false), (receipt.ConsultationSlug, receipt.Version, receipt.IsLate));
        Assert.Equal(centr, (await StoredAsync(receipt.SubmissionId)).RepliesToId);
        var shown = await SendAsync(new ShowSubmission.Query(Slugs.ReplyPeriod, receipt.SubmissionId));
        Assert.Equal((centr, "CENTR"), (shown.RepliesToId, shown.RepliesToLabel));
    }

    [Fact]
    public async Task A_reply_to_a_participants_own_name_comment_names_the_participant()
    {
        var member = await PersonIdAsync(People.Member);
        var comment = await SubmissionIdAsync(Slugs.ReplyPeriod, s => s.AuthorId == member);

        var receipt = await SendAsync(await ReplyPeriodPositionAsync(comment), People.RepCcnso);

        var shown = await SendAsync(new ShowSubmission.Query(Slugs.ReplyPeriod, receipt.SubmissionId));
        Assert.Equal((comment, "Mika Member (demo)"), (shown.RepliesToId, shown.RepliesToLabel));
    }

    [Fact]
    public async Task A_representatives_reply_for_a_body_is_a_submission_of_its_own_not_a_version_of_the_bodys_comment()
    {
        var isoc = await BodyIdAsync("ISOC");
        var isocComment = await SubmissionIdAsync(Slugs.ReplyPeriod, s => s.OnBehalfOfBodyId == isoc);

        var receipt = await SendAsync(await ReplyPeriodPositionAsync(await CentrCommentAsync(), isoc), People.RepIsoc);

        Assert.Equal((1, "ISOC"), (receipt.Version, receipt.OnBehalfOf));
        Assert.NotEqual(isocComment, receipt.SubmissionId);
        Assert.Equal(2, await SubmissionCountAsync(Slugs.ReplyPeriod, s => s.OnBehalfOfBodyId == isoc));
        Assert.Single((await StoredAsync(isocComment)).Versions);
    }

    [Fact]
    public async Task A_reply_to_a_submission_of_another_consultation_is_invalid_input_on_the_replied_to_field()
    {
        var elsewhere = await SubmitOpenAsync(People.RepCcnso);
        var toElsewhere = await ReplyPeriodPositionAsync(elsewhere.SubmissionId);
        var before = await RowCountsAsync();

        await AssertInvalidAsync("RepliesToSubmissionId", () => SendAsync(toElsewhere, People.Member));

        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task A_reply_to_a_reply_is_refused()
    {
        var toTheReply = await ReplyPeriodPositionAsync(await SubmissionIdAsync(Slugs.ReplyPeriod, s => s.RepliesToId != null));

        await AssertRuleAsync("reply-cites-earlier-comment", () => SendAsync(toTheReply, People.Member));
    }

    [Fact]
    public async Task A_reply_while_the_comment_period_is_still_open_is_refused()
    {
        var earlier = await SubmitOpenAsync(People.RepCcnso);
        var reply = Position((await OpenAsync()).Id) with { RepliesToSubmissionId = earlier.SubmissionId };

        await AssertRuleAsync("reply-during-reply-period", () => SendAsync(reply, People.Member));
    }

    [Fact]
    public async Task The_form_in_the_reply_period_says_so_and_offers_the_earlier_comments_as_reply_targets()
    {
        var consultation = await ConsultationAsync(Slugs.ReplyPeriod);

        var form = await SendAsync(new SubmissionForm.Query(Slugs.ReplyPeriod), People.Member);

        Assert.True(form.IsReplyPeriod);
        Assert.Null(form.ClosedMessage);
        Assert.Equal(await CentrCommentAsync(), form.ReplyTargets[0].Id);
        Assert.Equal([
                $"CENTR, submitted {UtcText.Of(consultation.OpensAt.AddDays(10))}",
                $"Mika Member (demo), submitted {UtcText.Of(consultation.OpensAt.AddDays(20))}",
                $"ISOC, submitted {UtcText.Of(consultation.OpensAt.AddDays(30))}",
            ], form.ReplyTargets.Select(t => t.Label));
    }

    [Fact]
    public async Task The_form_while_the_comment_period_is_open_offers_no_reply_targets()
    {
        var form = await SendAsync(new SubmissionForm.Query(Slugs.OpenForComment), People.Member);

        Assert.False(form.IsReplyPeriod);
        Assert.Null(form.ClosedMessage);
        Assert.Empty(form.ReplyTargets);
    }
}
