using System.Text.Json;
using Consultation.Application.Features.Organizations;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Organizations;

/// <summary>The public directory of bodies and each body's positions, read anonymously from the seeded demo data.</summary>
public sealed class OrganizationsTests : SubmissionTestBase
{
    [Fact]
    public async Task The_directory_lists_every_body_by_kind_with_its_parent_and_its_positions_withdrawn_ones_included()
    {
        var jprsOpen = await SubmissionIdAsync(Slugs.OpenForComment, s => s.OnBehalfOfBody!.Slug == "jprs");
        await SendAsync(new WithdrawSubmission.Command(jprsOpen, "Withdrawn for the test."), People.RepJprs);

        var bodies = await SendAsync(new ListOrganizations.Query());

        Assert.Equal(14, bodies.Count);
        Assert.Equal(bodies.OrderBy(b => b.Kind).Select(b => b.Kind), bodies.Select(b => b.Kind));
        var positions = bodies.Where(b => b.Positions > 0).ToDictionary(b => b.Slug, b => b.Positions);
        Assert.Equal(new Dictionary<string, int> { ["ccnso"] = 1, ["jprs"] = 2, ["isoc"] = 2, ["centr"] = 2, ["first"] = 2 }, positions);
        var jprs = bodies.Single(b => b.Slug == "jprs");
        Assert.Equal(("ccnso", "ccNSO", BodyKind.Registry), (jprs.ParentSlug, jprs.ParentName, jprs.Kind));
    }

    [Fact]
    public async Task The_directory_filters_by_kind()
    {
        var registries = await SendAsync(new ListOrganizations.Query(BodyKind.Registry));

        Assert.Equal(["CENTR", "CIRA", "JPRS", "Nominet"], registries.Select(b => b.ShortName));
    }

    [Fact]
    public async Task A_body_shows_its_parent_its_children_and_its_published_answer()
    {
        var ccnso = await SendAsync(new ShowOrganization.Query("ccnso"));

        Assert.Equal(("Country Code Names Supporting Organization", "ccNSO", BodyKind.SupportingOrganization), (ccnso.Name, ccnso.Acronym, ccnso.Kind));
        Assert.Null(ccnso.Parent);
        Assert.Equal(["CIRA", "JPRS", "Nominet"], ccnso.Children.Select(c => c.ShortName));
        Assert.Contains("Sample directory entry", ccnso.Description.Value);
        var position = Assert.Single(ccnso.Positions);
        Assert.Equal((Slugs.Decided, ConsultationStatus.Decided, 1, false), (position.ConsultationSlug, position.ConsultationStatus, position.CurrentVersion, position.IsWithdrawn));
        Assert.True(position.IsBlockingObjection);
        Assert.Equal($"/consultations/{Slugs.Decided}/submissions/{position.SubmissionId}", position.Permalink);
        Assert.NotNull(position.Disposition);
        Assert.False(string.IsNullOrWhiteSpace(position.Response?.Value));
        Assert.Equal("ccNSO", (await SendAsync(new ShowOrganization.Query("jprs"))).Parent?.ShortName);
    }

    [Fact]
    public async Task A_body_shows_its_withdrawn_and_revised_positions_newest_first()
    {
        var jprsOpen = await SubmissionIdAsync(Slugs.OpenForComment, s => s.OnBehalfOfBody!.Slug == "jprs");
        await SendAsync(Revision(jprsOpen), People.RepJprs);
        await SendAsync(new WithdrawSubmission.Command(jprsOpen, "Withdrawn for the test."), People.RepJprs);

        var positions = (await SendAsync(new ShowOrganization.Query("jprs"))).Positions;

        Assert.Equal([Slugs.OpenForComment, Slugs.Decided], positions.Select(p => p.ConsultationSlug));
        Assert.Equal((true, 2), (positions[0].IsWithdrawn, positions[0].CurrentVersion));
        Assert.Null(positions[0].Disposition); // not reviewed yet
        Assert.False(positions[1].IsWithdrawn);
    }

    [Fact]
    public async Task A_disposition_whose_response_is_not_published_is_absent()
    {
        var ccnsoDecided = await SubmissionIdAsync(Slugs.Decided, s => s.OnBehalfOfBody!.Slug == "ccnso");
        const string unpublished = "A response the chairs have not published yet.";
        await ChangeAsync(async db =>
        {
            var item = await db.ReviewItems.SingleAsync(i => i.SubmissionId == ccnsoDecided);
            db.Entry(item).Property(i => i.Response).CurrentValue = unpublished;
            db.Entry(item).Property(i => i.ResponsePublishedAt).CurrentValue = null;
        });

        var result = await SendAsync(new ShowOrganization.Query("ccnso"));

        var position = Assert.Single(result.Positions);
        Assert.Equal((null as Disposition?, null as string), (position.Disposition, position.Response?.Value));
        Assert.DoesNotContain(unpublished, JsonSerializer.Serialize(result));
    }

    [Theory]
    [InlineData("ccnso")]
    [InlineData("jprs")]
    [InlineData("alac")]
    public async Task No_email_address_or_member_appears_in_what_a_reader_is_shown(string slug)
    {
        var json = JsonSerializer.Serialize(await SendAsync(new ShowOrganization.Query(slug)))
                   + JsonSerializer.Serialize(await SendAsync(new ListOrganizations.Query()));

        Assert.DoesNotContain("@demo.example", json);
        Assert.DoesNotContain("(demo)", json); // no person's display name: only the body speaks here
    }

    [Fact]
    public async Task An_unknown_slug_is_not_found()
    {
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new ShowOrganization.Query("no-such-body")));
        Assert.Contains("/organizations/no-such-body", missing.Message);
    }
}
