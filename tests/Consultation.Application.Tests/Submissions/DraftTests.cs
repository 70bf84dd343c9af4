using Consultation.Application.Features.Submissions;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Submissions;

/// <summary>The form is saved as the person types, offered again when they come back, private, and gone once submitted.</summary>
public sealed class DraftTests : SubmissionTestBase
{
    private Task<SubmissionForm.Result> FormAsync(string email, Guid? revising = null) =>
        SendAsync(new SubmissionForm.Query(Slugs.OpenForComment, revising), email);

    private async Task<int> DraftCountAsync(string email)
    {
        var person = await PersonIdAsync(email);
        await using var db = App.NewDbContext();
        return await db.Drafts.CountAsync(d => d.PersonId == person);
    }

    [Fact]
    public async Task A_saved_draft_comes_back_in_the_form_with_its_text_stance_and_cited_sections()
    {
        var cited = new[] { await SectionIdAsync(Slugs.OpenForComment, "2"), await SectionIdAsync(Slugs.OpenForComment, "4") };

        var savedAt = await SendAsync(Draft((await OpenAsync()).Id, "Half a thought about", cited: cited), People.Member);

        var draft = (await FormAsync(People.Member)).Draft;
        Assert.NotNull(draft);
        Assert.Equal(("Half a thought about", Stance.Oppose, savedAt, Now), (draft.Text, draft.Stance, draft.SavedAt, savedAt));
        Assert.Equal(cited, draft.CitedSectionIds);
    }

    [Fact]
    public async Task Saving_again_updates_the_one_draft()
    {
        var open = await OpenAsync();
        await SendAsync(Draft(open.Id, "Half a thought"), People.Member);
        App.Clock.Advance(TimeSpan.FromSeconds(3));

        await SendAsync(Draft(open.Id, "Half a thought, now finished.") with { Stance = Stance.Support }, People.Member);

        Assert.Equal(1, await DraftCountAsync(People.Member));
        var draft = (await FormAsync(People.Member)).Draft;
        Assert.NotNull(draft);
        Assert.Equal(("Half a thought, now finished.", Stance.Support, Now), (draft.Text, draft.Stance, draft.SavedAt));
    }

    [Fact]
    public async Task Submitting_removes_the_draft()
    {
        await SendAsync(Draft((await OpenAsync()).Id, "Half a thought"), People.Member);

        await SubmitOpenAsync(People.Member);

        Assert.Equal(0, await DraftCountAsync(People.Member));
        Assert.Null((await FormAsync(People.Member)).Draft);
    }

    [Fact]
    public async Task Revising_removes_the_revision_draft()
    {
        var receipt = await SubmitOpenAsync(People.Member);
        await SendAsync(Draft((await OpenAsync()).Id, "A better wording", revising: receipt.SubmissionId), People.Member);

        await SendAsync(Revision(receipt.SubmissionId), People.Member);

        Assert.Equal(0, await DraftCountAsync(People.Member));
    }

    [Fact]
    public async Task Discarding_removes_the_draft()
    {
        var open = await OpenAsync();
        await SendAsync(Draft(open.Id, "Half a thought"), People.Member);

        await SendAsync(new DiscardDraft.Command(open.Id, null), People.Member);

        Assert.Equal(0, await DraftCountAsync(People.Member));
        Assert.Null((await FormAsync(People.Member)).Draft);
    }

    [Fact]
    public async Task A_new_submission_draft_and_a_revision_draft_are_kept_apart()
    {
        var open = await OpenAsync();
        var receipt = await SubmitOpenAsync(People.Member);
        await SendAsync(Draft(open.Id, "A new comment"), People.Member);
        await SendAsync(Draft(open.Id, "A better wording", revising: receipt.SubmissionId), People.Member);

        await SendAsync(new DiscardDraft.Command(open.Id, null), People.Member);

        Assert.Null((await FormAsync(People.Member)).Draft);
        Assert.Equal("A better wording", (await FormAsync(People.Member, receipt.SubmissionId)).Draft?.Text);
    }

    [Fact]
    public async Task Submitting_a_new_position_drops_its_draft_and_keeps_the_draft_of_a_revision()
    {
        var open = await OpenAsync();
        var receipt = await SubmitOpenAsync(People.Member);
        await SendAsync(Draft(open.Id, "A better wording", revising: receipt.SubmissionId), People.Member);
        await SendAsync(Draft(open.Id, "A new comment"), People.Member);

        await SubmitOpenAsync(People.Member, "A second position.");

        Assert.Null((await FormAsync(People.Member)).Draft);
        Assert.Equal("A better wording", (await FormAsync(People.Member, receipt.SubmissionId)).Draft?.Text);
    }

    [Fact]
    public async Task A_draft_is_private_to_its_writer()
    {
        await SendAsync(Draft((await OpenAsync()).Id, "Not for other eyes"), People.Member);

        Assert.Null((await FormAsync(People.RepCcnso)).Draft);
        Assert.Empty((await SendAsync(new MySubmissions.Query(), People.RepCcnso)).Drafts);
        Assert.NotNull((await FormAsync(People.Member)).Draft);
    }
}
