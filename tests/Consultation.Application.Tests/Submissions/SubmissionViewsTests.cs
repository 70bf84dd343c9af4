using System.Text.Json;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Consultations;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Submissions;

/// <summary>What the submission form offers each person, their own list of submissions and drafts, and what the public sees.</summary>
public sealed class SubmissionViewsTests : SubmissionTestBase
{
    private Task<SubmissionForm.Result> FormAsync(string email, string slug = Slugs.OpenForComment) =>
        SendAsync(new SubmissionForm.Query(slug), email);

    [Fact]
    public async Task The_form_offers_a_member_without_a_mandate_no_body()
    {
        var form = await FormAsync(People.Member);

        Assert.Empty(form.Bodies);
        Assert.Equal((ConsultationStatus.OpenForComment, (string?)null), (form.Status, form.ClosedMessage));
        Assert.Equal(["1", "2", "3", "4"], form.Sections.Select(s => s.Number));
    }

    [Fact]
    public async Task The_form_offers_a_representative_only_the_body_they_hold_a_mandate_for()
    {
        var body = Assert.Single((await FormAsync(People.RepCcnso)).Bodies);

        Assert.Equal((await BodyIdAsync("ccNSO"), "ccNSO", BodyKind.SupportingOrganization, false), (body.Id, body.Name, body.Kind, body.HasPosition));
    }

    [Fact]
    public async Task The_form_tells_the_jprs_representative_that_jprs_already_has_a_position_in_the_open_consultation()
    {
        var body = Assert.Single((await FormAsync(People.RepJprs)).Bodies);

        Assert.Equal(("JPRS", true), (body.Name, body.HasPosition));
    }

    [Fact]
    public async Task The_form_for_the_decided_dns_cert_consultation_says_when_it_closed_after_its_extension()
    {
        var form = await FormAsync(People.Member, Slugs.Decided);

        Assert.Equal(ConsultationStatus.Decided, form.Status);
        Assert.Equal("The comment period closed at 2010-04-14 23:59 UTC (after an extension).", form.ClosedMessage);
    }

    [Fact]
    public async Task The_form_after_the_close_of_the_open_consultation_says_when_it_closed()
    {
        var open = await OpenAsync();
        App.Clock.SetUtcNow(open.ClosesAt);

        var form = await FormAsync(People.Member);

        Assert.Equal("The comment period closed at " + UtcText.Of(open.ClosesAt) + ".", form.ClosedMessage);
    }

    [Fact]
    public async Task My_submissions_lists_own_submissions_and_drafts_which_may_be_edited_while_the_period_is_open()
    {
        var receipt = await SubmitOpenAsync(People.Member, "My new comment.");
        await SendAsync(Draft((await OpenAsync()).Id, "A better wording", revising: receipt.SubmissionId), People.Member);

        var mine = await SendAsync(new MySubmissions.Query(), People.Member);

        Assert.Equal(receipt.SubmissionId, mine.Submissions[0].Id);
        Assert.Equal(
            new Dictionary<string, bool[]> { [Slugs.OpenForComment] = [true, true], [Slugs.ReplyPeriod] = [false], [Slugs.Decided] = [false] },
            mine.Submissions.GroupBy(s => s.ConsultationSlug).ToDictionary(g => g.Key, g => g.Select(s => s.MayEdit).ToArray()));
        var draft = Assert.Single(mine.Drafts);
        Assert.Equal((Slugs.OpenForComment, receipt.SubmissionId, "A better wording", true),
            (draft.ConsultationSlug, draft.RevisingSubmissionId, draft.Excerpt, draft.PeriodOpen));
    }

    [Fact]
    public async Task My_submissions_may_no_longer_be_edited_once_the_period_has_closed()
    {
        var receipt = await SubmitOpenAsync(People.Member);
        await SendAsync(Draft((await OpenAsync()).Id, "Too late now"), People.Member);
        App.Clock.SetUtcNow((await OpenAsync()).ClosesAt);

        var mine = await SendAsync(new MySubmissions.Query(), People.Member);

        Assert.False(mine.Submissions.Single(s => s.Id == receipt.SubmissionId).MayEdit);
        Assert.All(mine.Submissions, s => Assert.False(s.MayEdit));
        Assert.False(Assert.Single(mine.Drafts).PeriodOpen);
    }

    [Fact]
    public async Task My_submissions_lists_a_representatives_body_position_with_its_body()
    {
        var receipt = await SendAsync(Position((await OpenAsync()).Id, await BodyIdAsync("ccNSO")), People.RepCcnso);

        var item = Assert.Single((await SendAsync(new MySubmissions.Query(), People.RepCcnso)).Submissions, s => s.Id == receipt.SubmissionId);

        Assert.Equal(("ccNSO", 1, true), (item.OnBehalfOf, item.Versions, item.MayEdit));
    }

    [Fact]
    public async Task A_submission_is_not_found_under_another_consultations_address()
    {
        var receipt = await SubmitOpenAsync(People.Member);

        await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ShowSubmission.Query(Slugs.ReplyPeriod, receipt.SubmissionId)));
        Assert.Equal(receipt.SubmissionId, (await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, receipt.SubmissionId))).Id);
    }

    [Fact]
    public async Task No_submission_page_shows_an_email_address()
    {
        await GrantMandateAsync(People.RepIsoc, "ccNSO");
        var first = await SendAsync(Position((await OpenAsync()).Id, await BodyIdAsync("ccNSO")), People.RepCcnso);
        await SendAsync(Position((await OpenAsync()).Id, await BodyIdAsync("ccNSO")), People.RepIsoc);
        await using var db = App.NewDbContext();
        var all = await db.Submissions.Join(db.Consultations, s => s.ConsultationId, c => c.Id, (s, c) => new { c.Slug, s.Id }).ToListAsync();
        Assert.Contains(all, s => s.Id == first.SubmissionId);

        foreach (var submission in all)
        {
            var json = JsonSerializer.Serialize(await SendAsync(new ShowSubmission.Query(submission.Slug, submission.Id)));
            Assert.DoesNotContain("@demo.example", json, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("(demo)", json); // the people are named, by their display names
        }
    }
}
