using System.Net;
using Consultation.Testing;

namespace Consultation.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class PublicPagesTests(PortalFactory portal)
{
    private const string DnsCert = "Global DNS-CERT Business Case";
    private const string KskRollover = "Root Zone KSK Rollover Communication Plan";
    private const string DataAccuracy = "Registration Data Accuracy Principles";

    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    [Fact]
    public async Task Home_lists_the_open_consultation_and_the_recent_record()
    {
        var page = await _client.GetPageAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([KskRollover], page.Document.QuerySelectorAll("section[aria-labelledby=open-heading] h3").Select(h => h.TextContent));
        Assert.Contains(DnsCert, page.TextOf("section[aria-labelledby=records-heading] h3"));
    }

    [Fact]
    public async Task Consultations_lists_all_three_demo_consultations_newest_first()
    {
        var page = await _client.GetPageAsync("/consultations");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([KskRollover, DataAccuracy, DnsCert], TitlesOn(page));
    }

    [Fact]
    public async Task Status_filter_lists_only_the_open_consultation()
    {
        var page = await _client.GetPageAsync("/consultations?status=open");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([KskRollover], TitlesOn(page));
    }

    [Fact]
    public async Task Consultation_page_shows_numbered_sections_the_extension_and_the_bodies()
    {
        var page = await _client.GetPageAsync("/consultations/dns-cert-business-case-2010");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(DnsCert, page.TextOf("h1"));
        var sections = page.Document.QuerySelectorAll("ol.sections > li h3").Select(h => h.TextContent.Trim()).ToList();
        Assert.Equal(6, sections.Count);
        Assert.Equal("1 Purpose of the business case", sections[0]);
        Assert.Equal("6 Consultation questions and next steps", sections[5]);
        Assert.Contains("Deadline extended from 2010-03-29 23:59 UTC to 2010-04-14 23:59 UTC", page.TextOf("ol.timeline"));
        var submitters = page.TextOf("ol.submissions h3");
        Assert.All(["ccNSO", "JPRS", "ISOC", "CENTR", "FIRST"], body => Assert.Contains(body, submitters));
    }

    [Theory]
    [InlineData("/consultations/does-not-exist")]
    [InlineData("/organizations/does-not-exist")]
    [InlineData("/organizations/Not_A_Slug")]
    [InlineData("/no/such/page")]
    public async Task Unknown_address_is_404_with_the_portals_not_found_page(string path)
    {
        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
        Assert.Equal("Page not found", page.TextOf("h1"));
    }

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/healthz/ready")]
    public async Task Health_endpoints_answer_healthy(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Dashboard_sends_an_anonymous_reader_to_sign_in()
    {
        var response = await _client.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location?.AbsolutePath);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/consultations")]
    [InlineData("/consultations/dns-cert-business-case-2010")]
    public async Task Public_pages_show_the_demo_banner_and_no_account_email(string path)
    {
        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("illustrative sample data", page.TextOf(".demo-banner"));
        Assert.DoesNotContain("@demo.example", page.Html, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> TitlesOn(Page page) =>
        page.Document.QuerySelectorAll("main .consultation-card h2, main .consultation-card h3").Select(h => h.TextContent.Trim()).ToList();
}
