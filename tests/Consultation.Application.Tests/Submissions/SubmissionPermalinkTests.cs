using System.Text;
using Consultation.Application.Features.Submissions;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;

namespace Consultation.Application.Tests.Submissions;

/// <summary>A submission's permanent link: the changes between its versions, its ledger receipts, its replies and its answer.</summary>
public sealed class SubmissionPermalinkTests : SubmissionTestBase
{
    private Task<ShowSubmission.Result> ShowAsync(Guid submissionId, string? compare = null, string slug = Slugs.OpenForComment) =>
        SendAsync(new ShowSubmission.Query(slug, submissionId, compare));

    [Fact]
    public async Task Each_later_version_carries_its_changes_from_the_one_before_word_by_word_and_field_by_field()
    {
        var first = await SubmitOpenAsync(People.Member, "We support the plan.");
        var section = await SectionIdAsync(Slugs.OpenForComment, "1");
        await SendAsync(Revision(first.SubmissionId, "We support the revised plan.") with { CitedSectionIds = [section] }, People.Member);

        var shown = await ShowAsync(first.SubmissionId);

        Assert.Null(shown.Versions[^1].ChangesFromPrevious);
        var changes = shown.Versions[0].ChangesFromPrevious!;
        Assert.Equal((1, 2), (changes.From, changes.To));
        Assert.Equal([(DiffKind.Unchanged, "We support the "), (DiffKind.Added, "revised "), (DiffKind.Unchanged, "plan.")],
            changes.Text.Select(s => (s.Kind, s.Text)));
        Assert.Equal(["Stance", "Sections cited"], changes.Fields.Select(f => f.Field));
        Assert.Equal(("Support with changes", "Concerns"), (changes.Fields[0].Before, changes.Fields[0].After));
        Assert.Equal("none", changes.Fields[1].Before);
        Assert.StartsWith("1 ", changes.Fields[1].After);
    }

    [Fact]
    public async Task Changes_name_the_attachments_removed_and_added_and_leave_out_those_kept()
    {
        var kept = await StageAsync(People.Member, "kept.txt", Encoding.UTF8.GetBytes("Kept annex."));
        var dropped = await StageAsync(People.Member, "dropped.txt", Encoding.UTF8.GetBytes("Dropped annex."));
        var consultation = await OpenAsync();
        var first = await SendAsync(Position(consultation.Id, text: "Same words.") with { AttachmentTokens = [kept.Token, dropped.Token] }, People.Member);
        var keptId = (await StoredAsync(first.SubmissionId)).Versions.Single().Attachments.Single(a => a.FileName == "kept.txt").Id;
        var added = await StageAsync(People.Member, "added.txt", Encoding.UTF8.GetBytes("Added annex."));
        await SendAsync(Revision(first.SubmissionId, "Same words.") with
        {
            Stance = Stance.SupportWithChanges, KeptAttachmentIds = [keptId], AttachmentTokens = [added.Token],
        }, People.Member);

        var changes = (await ShowAsync(first.SubmissionId)).Versions[0].ChangesFromPrevious!;

        Assert.Equal(["dropped.txt"], changes.AttachmentsRemoved);
        Assert.Equal(["added.txt"], changes.AttachmentsAdded);
        Assert.False(changes.TextChanged);
        Assert.Empty(changes.Fields);
    }

    [Fact]
    public async Task Any_two_versions_can_be_compared_the_earlier_first()
    {
        var first = await SubmitOpenAsync(People.Member, "One two three.");
        await SendAsync(Revision(first.SubmissionId, "One two three four."), People.Member);
        await SendAsync(Revision(first.SubmissionId, "two three four five."), People.Member);

        var shown = await ShowAsync(first.SubmissionId, "1..3");

        Assert.Null(shown.CompareProblem);
        Assert.Equal((1, 3), (shown.Comparison!.From, shown.Comparison.To));
        Assert.Equal("[-One -]two three[+ four five+].", string.Concat(shown.Comparison.Text.Select(s => s.Kind switch
        {
            DiffKind.Removed => $"[-{s.Text}-]", DiffKind.Added => $"[+{s.Text}+]", _ => s.Text,
        })));
    }

    [Theory]
    [InlineData("2..1", "earlier version first")]
    [InlineData("2..2", "earlier version first")]
    [InlineData("0..2", "versions 1 to 2")]
    [InlineData("1..9", "versions 1 to 2")]
    [InlineData("1..99999999999", "two versions")]
    [InlineData("one..two", "two versions")]
    [InlineData("1-2", "two versions")]
    [InlineData("<b>1..2</b>", "two versions")]
    public async Task A_bad_comparison_is_a_message_for_the_reader_not_an_error(string compare, string said)
    {
        var first = await SubmitOpenAsync(People.Member, "The first text.");
        await SendAsync(Revision(first.SubmissionId, "The second text."), People.Member);

        var shown = await ShowAsync(first.SubmissionId, compare);

        Assert.Null(shown.Comparison);
        Assert.Contains(said, shown.CompareProblem);
        Assert.Equal(2, shown.Versions.Count);
    }

    [Fact]
    public async Task Each_version_shows_the_ledger_entry_that_recorded_it()
    {
        var first = await SubmitOpenAsync(People.Member, "The first text.");
        var second = await SendAsync(Revision(first.SubmissionId, "The second text."), People.Member);
        var ledger = await LedgerAsync();

        var shown = await ShowAsync(first.SubmissionId);

        Assert.Equal([second.LedgerSequence, first.LedgerSequence], shown.Versions.Select(v => v.LedgerSequence));
        Assert.Equal(shown.Versions.Select(v => ledger.Single(e => e.Sequence == v.LedgerSequence).Hash), shown.Versions.Select(v => v.LedgerEntryHash));
        Assert.All(shown.Versions, v => Assert.Equal(LedgerEntryKind.SubmissionVersion, ledger.Single(e => e.Sequence == v.LedgerSequence).Kind));
    }

    [Fact]
    public async Task A_comment_lists_the_replies_that_cite_it_and_a_reply_lists_none()
    {
        var centr = await SubmissionIdAsync(Slugs.ReplyPeriod, s => s.OnBehalfOfBody!.Acronym == "CENTR");
        var isoc = await SubmissionIdAsync(Slugs.ReplyPeriod, s => s.OnBehalfOfBody!.Acronym == "ISOC");

        var cited = await ShowAsync(centr, slug: Slugs.ReplyPeriod);
        var uncited = await ShowAsync(isoc, slug: Slugs.ReplyPeriod);

        var reply = Assert.Single(cited.Replies);
        Assert.Equal(("FIRST", Stance.NoPosition), (reply.Label, reply.Stance));
        Assert.Equal(centr, (await ShowAsync(reply.Id, slug: Slugs.ReplyPeriod)).RepliesToId);
        Assert.Empty(uncited.Replies);
    }

    [Fact]
    public async Task The_chairs_answer_shows_once_published_and_not_before()
    {
        var decided = await SubmissionIdAsync(Slugs.Decided, s => s.OnBehalfOfBody!.Acronym == "JPRS");
        var open = await SubmissionIdAsync(Slugs.OpenForComment, s => s.OnBehalfOfBody!.Acronym == "JPRS");
        await using (var db = App.NewDbContext())
            Assert.Empty(db.ReviewItems.Where(i => i.SubmissionId == open && i.ResponsePublishedAt != null));

        var answered = await ShowAsync(decided, slug: Slugs.Decided);
        var unanswered = await ShowAsync(open);

        Assert.NotNull(answered.PublishedAnswer);
        Assert.True(Enum.IsDefined(answered.PublishedAnswer.Disposition));
        Assert.False(string.IsNullOrWhiteSpace(answered.PublishedAnswer.Response.Value));
        Assert.Null(unanswered.PublishedAnswer);
    }
}
