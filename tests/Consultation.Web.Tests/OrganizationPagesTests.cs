using System.Net;
using Consultation.Testing;

namespace Consultation.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class OrganizationPagesTests(PortalFactory portal)
{
    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    [Fact]
    public async Task Organizations_lists_the_bodies_by_kind_with_their_positions()
    {
        var page = await _client.GetPageAsync("/organizations");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["Supporting Organization", "Advisory Committee", "Registry", "Technical community", "Security community"],
            page.Document.QuerySelectorAll("main section h2").Select(h => h.TextContent.Trim()));
        var ccnso = page.Document.QuerySelectorAll("li.organization").Single(li => li.QuerySelector("h3")!.TextContent.Trim() == "ccNSO");
        Assert.Equal("organizations/ccnso", ccnso.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Contains("1 position", ccnso.TextContent);
        var jprs = page.Document.QuerySelectorAll("li.organization").Single(li => li.QuerySelector("h3")!.TextContent.Trim() == "JPRS");
        Assert.Contains("within ccNSO", jprs.TextContent);
    }

    [Fact]
    public async Task The_kind_filter_lists_only_that_kind_and_a_mistyped_one_says_so()
    {
        var registries = await _client.GetPageAsync("/organizations?kind=Registry");
        var mistyped = await _client.GetPageAsync("/organizations?kind=Club");

        Assert.Equal(["CENTR", "CIRA", "JPRS", "Nominet"],
            registries.Document.QuerySelectorAll("li.organization h3").Select(h => h.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.OK, mistyped.Status);
        Assert.Contains("There is no kind of body", mistyped.TextOf("[role=alert]"));
        Assert.Equal(14, mistyped.Document.QuerySelectorAll("li.organization").Length);
    }

    [Fact]
    public async Task A_body_shows_its_kind_its_children_and_its_positions_with_their_permanent_links()
    {
        var page = await _client.GetPageAsync("/organizations/ccnso");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Country Code Names Supporting Organization (ccNSO)", page.TextOf("h1"));
        Assert.Contains("Supporting Organization", page.TextOf("dl.facts"));
        Assert.Contains("JPRS", page.TextOf("ul.child-bodies"));
        var position = Assert.Single(page.Document.QuerySelectorAll("ol.positions > li"));
        Assert.Contains("Global DNS-CERT Business Case", position.TextContent);
        Assert.Matches("^consultations/dns-cert-business-case-2010/submissions/[0-9a-f-]{36}$", position.QuerySelector("h3 a")!.GetAttribute("href"));
        Assert.Contains("Disposition:", position.TextContent);
    }

    [Theory]
    [InlineData("/organizations")]
    [InlineData("/organizations/ccnso")]
    [InlineData("/organizations/jprs")]
    public async Task Organization_pages_are_static_and_show_no_email_address(string path)
    {
        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("@demo.example", page.Html, StringComparison.OrdinalIgnoreCase);
        // An interactive component would leave a server marker for the circuit to pick up; a reader's page has none.
        Assert.DoesNotContain("\"type\":\"server\"", page.Html);
        Assert.Contains("href=\"organizations\"", page.Document.QuerySelector("nav[aria-label=Main]")!.InnerHtml);
    }

    [Fact]
    public async Task The_consultation_and_submission_pages_link_a_body_to_its_page()
    {
        var consultation = await _client.GetPageAsync("/consultations/dns-cert-business-case-2010");
        var submissionLink = consultation.Document.QuerySelectorAll("ol.submissions h3")
            .Single(h => h.TextContent.Contains("ccNSO")).QuerySelector("a")!.GetAttribute("href")!;
        var submission = await _client.GetPageAsync("/" + submissionLink);

        Assert.NotNull(consultation.Document.QuerySelector("ol.submissions a[href='organizations/ccnso']"));
        Assert.Equal(HttpStatusCode.OK, submission.Status);
        Assert.NotNull(submission.Document.QuerySelector("h1 a[href='organizations/ccnso']"));
    }
}
