using Consultation.Application.Features.Submissions;
using Consultation.Application.Pipeline;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Submissions;

/// <summary>Speaking for a body needs a mandate covering that body and this consultation now; a body has one official position.</summary>
public sealed class MandateTests : SubmissionTestBase
{
    [Fact]
    public async Task A_representative_submits_for_the_body_they_hold_a_mandate_for_and_the_submission_shows_it()
    {
        var ccnso = await BodyIdAsync("ccNSO");

        var receipt = await SendAsync(Position((await OpenAsync()).Id, ccnso), People.RepCcnso);

        Assert.Equal("ccNSO", receipt.OnBehalfOf);
        var stored = await StoredAsync(receipt.SubmissionId);
        Assert.Equal((ccnso, await PersonIdAsync(People.RepCcnso)), (stored.OnBehalfOfBodyId, stored.AuthorId));
        var shown = await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, receipt.SubmissionId));
        Assert.Equal(("ccNSO", "Rosa Representative (demo)"), (shown.BodyName, shown.AuthorName));
    }

    [Fact]
    public async Task A_member_without_a_mandate_crafting_a_submission_for_the_ccnso_is_refused_and_nothing_is_saved()
    {
        var crafted = Position((await OpenAsync()).Id, await BodyIdAsync("ccNSO"));
        var before = await RowCountsAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(crafted, People.Member));

        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task An_ended_mandate_no_longer_lets_the_representative_submit_for_the_body()
    {
        var ccnso = await BodyIdAsync("ccNSO");
        var rep = await PersonIdAsync(People.RepCcnso);
        var admin = await PersonIdAsync(People.Admin);
        await ChangeAsync(async db => (await db.Mandates.SingleAsync(m => m.PersonId == rep && m.BodyId == ccnso)).End(admin, Now));
        var forCcnso = Position((await OpenAsync()).Id, ccnso);
        var before = await RowCountsAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(forCcnso, People.RepCcnso));

        Assert.Equal(before, await RowCountsAsync());
        Assert.Empty((await SendAsync(new SubmissionForm.Query(Slugs.OpenForComment), People.RepCcnso)).Bodies);
    }

    [Fact]
    public async Task A_mandate_for_one_consultation_covers_that_consultation()
    {
        var open = await OpenAsync();
        await GrantMandateAsync(People.Member, "ccNSO", onlyForConsultation: open.Id);

        var receipt = await SendAsync(Position(open.Id, await BodyIdAsync("ccNSO")), People.Member);

        Assert.Equal("ccNSO", receipt.OnBehalfOf);
    }

    [Fact]
    public async Task A_mandate_for_another_consultation_does_not_cover_this_one()
    {
        await GrantMandateAsync(People.Member, "ccNSO", onlyForConsultation: (await ConsultationAsync(Slugs.ReplyPeriod)).Id);
        var forCcnso = Position((await OpenAsync()).Id, await BodyIdAsync("ccNSO"));
        var before = await RowCountsAsync();

        await Assert.ThrowsAsync<AccessDeniedException>(() => SendAsync(forCcnso, People.Member));

        Assert.Equal(before, await RowCountsAsync());
        Assert.Empty((await SendAsync(new SubmissionForm.Query(Slugs.OpenForComment), People.Member)).Bodies);
    }

    [Fact]
    public async Task A_second_representatives_submission_for_the_same_body_becomes_the_next_version_of_its_one_position()
    {
        var open = await OpenAsync();
        var ccnso = await BodyIdAsync("ccNSO");
        await GrantMandateAsync(People.RepIsoc, "ccNSO");
        var first = await SendAsync(Position(open.Id, ccnso, "The ccNSO's first text."), People.RepCcnso);

        var second = await SendAsync(Position(open.Id, ccnso, "The ccNSO's second text."), People.RepIsoc);

        Assert.Equal((first.SubmissionId, 2, "ccNSO"), (second.SubmissionId, second.Version, second.OnBehalfOf));
        Assert.Equal(1, await SubmissionCountAsync(Slugs.OpenForComment, s => s.OnBehalfOfBodyId == ccnso));
        var stored = await StoredAsync(first.SubmissionId);
        Assert.Equal(await PersonIdAsync(People.RepCcnso), stored.AuthorId);
        Assert.Equal([await PersonIdAsync(People.RepCcnso), await PersonIdAsync(People.RepIsoc)],
            stored.Versions.OrderBy(v => v.Number).Select(v => v.SubmittedBy));
        var shown = await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, first.SubmissionId));
        Assert.Equal(["Ines Society (demo)", "Rosa Representative (demo)"], shown.Versions.Select(v => v.SubmittedBy));
    }

    [Fact]
    public async Task Two_representatives_submitting_for_the_same_body_at_once_make_one_position_with_two_versions()
    {
        var open = await OpenAsync();
        var ccnso = await BodyIdAsync("ccNSO");
        await GrantMandateAsync(People.RepIsoc, "ccNSO");

        var receipts = await AtOnceAsync(
            () => SendAsync(Position(open.Id, ccnso), People.RepCcnso), () => SendAsync(Position(open.Id, ccnso), People.RepIsoc));

        Assert.Equal(receipts[0].SubmissionId, receipts[1].SubmissionId);
        Assert.Equal([1, 2], receipts.Select(r => r.Version).Order());
        Assert.Equal(2, (await StoredAsync(receipts[0].SubmissionId)).Versions.Count);
    }

    [Fact]
    public async Task The_form_tells_a_second_representative_that_their_body_already_has_a_position()
    {
        await GrantMandateAsync(People.RepIsoc, "ccNSO");
        await SendAsync(Position((await OpenAsync()).Id, await BodyIdAsync("ccNSO")), People.RepCcnso);

        var bodies = (await SendAsync(new SubmissionForm.Query(Slugs.OpenForComment), People.RepIsoc)).Bodies;

        Assert.Equal(new Dictionary<string, bool> { ["ccNSO"] = true, ["ISOC"] = false }, bodies.ToDictionary(b => b.Name, b => b.HasPosition));
    }
}
