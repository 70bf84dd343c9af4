using Consultation.Application.Features.Submissions;
using Consultation.Domain.Submissions;

namespace Consultation.Application.Tests.Submissions;

/// <summary>Invalid input is refused before anything is saved, keyed by the field the form shows the message next to.</summary>
public sealed class PositionValidationTests : SubmissionTestBase
{
    private async Task<string[]> AssertRefusedAsync(string field, Func<SubmitPosition.Command, SubmitPosition.Command> change, string email = People.Member)
    {
        var command = change(Position((await OpenAsync()).Id));
        var before = await RowCountsAsync();
        var messages = await AssertInvalidAsync(field, () => SendAsync(command, email));
        Assert.Equal(before, await RowCountsAsync());
        return messages;
    }

    [Fact]
    public async Task A_position_without_a_stance_is_invalid_on_the_stance() =>
        Assert.Equal(["Choose a stance."], await AssertRefusedAsync("Stance", c => c with { Stance = null }));

    [Fact]
    public async Task A_stance_outside_the_known_ones_is_invalid_on_the_stance() =>
        await AssertRefusedAsync("Stance", c => c with { Stance = (Stance)42 });

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    public async Task A_position_without_text_is_invalid_on_the_text(string text) =>
        Assert.Equal(["Write the text of your submission."], await AssertRefusedAsync("Text", c => c with { Text = text }));

    [Fact]
    public async Task A_text_over_the_limit_is_invalid_on_the_text() =>
        await AssertRefusedAsync("Text", c => c with { Text = new string('x', SubmissionContent.MaxTextLength + 1) });

    [Theory]
    [InlineData(null)]
    [InlineData(" ")]
    public async Task A_blocking_objection_without_its_reason_is_invalid_on_the_reason(string? reason) =>
        await AssertRefusedAsync("BlockingReason", c => c with { IsBlockingObjection = true, BlockingReason = reason });

    [Fact]
    public async Task A_blocking_objection_with_its_reason_is_accepted_and_published_with_it()
    {
        var receipt = await SendAsync(Position((await OpenAsync()).Id) with
        {
            Stance = Stance.Oppose, IsBlockingObjection = true, BlockingReason = "The fallback in section 4 is untested.",
        }, People.Member);

        var shown = await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, receipt.SubmissionId));
        Assert.Equal("The fallback in section 4 is untested.", Assert.Single(shown.Versions).BlockingReason);
    }

    [Fact]
    public async Task Ratification_evidence_without_a_body_is_invalid_on_the_evidence() =>
        await AssertRefusedAsync("RatificationEvidence", c => c with { RatificationEvidence = "Adopted by the Council" });

    [Fact]
    public async Task Ratification_evidence_with_the_body_is_kept_with_the_position()
    {
        var receipt = await SendAsync(Position((await OpenAsync()).Id, await BodyIdAsync("ccNSO")) with
        {
            RatificationEvidence = "Adopted by the ccNSO Council", RatifiedOn = new DateOnly(2026, 3, 9),
        }, People.RepCcnso);

        var shown = await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, receipt.SubmissionId));
        Assert.Equal(("Adopted by the ccNSO Council", new DateOnly(2026, 3, 9)), (shown.RatificationEvidence, shown.RatifiedOn));
    }

    [Fact]
    public async Task An_adoption_date_in_the_future_is_invalid_on_the_date()
    {
        var body = await BodyIdAsync("ccNSO");
        await AssertRefusedAsync("RatifiedOn", c => c with
        {
            OnBehalfOfBodyId = body, RatificationEvidence = "Adopted by the ccNSO Council", RatifiedOn = new DateOnly(2026, 3, 11),
        }, People.RepCcnso);
    }

    [Fact]
    public async Task Citing_a_section_of_another_consultations_proposal_is_invalid_on_the_cited_sections()
    {
        var own = await SectionIdAsync(Slugs.OpenForComment, "1");
        var foreign = await SectionIdAsync(Slugs.Decided, "1");

        Assert.Equal(["Cite sections of this consultation's proposal only."],
            await AssertRefusedAsync("CitedSectionIds", c => c with { CitedSectionIds = [own, foreign] }));
    }

    [Fact]
    public async Task Citing_sections_of_the_consultations_own_proposal_is_accepted_and_shown_by_number_and_heading()
    {
        var cited = new[] { await SectionIdAsync(Slugs.OpenForComment, "3"), await SectionIdAsync(Slugs.OpenForComment, "1") };

        var receipt = await SendAsync(Position((await OpenAsync()).Id) with { CitedSectionIds = cited }, People.Member);

        var shown = await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, receipt.SubmissionId));
        Assert.Equal(["1 Audiences", "3 Measuring readiness"], Assert.Single(shown.Versions).CitedSections);
    }

    [Fact]
    public async Task A_position_without_an_idempotency_key_is_invalid_on_the_key() =>
        await AssertRefusedAsync("IdempotencyKey", c => c with { IdempotencyKey = Guid.Empty });
}
