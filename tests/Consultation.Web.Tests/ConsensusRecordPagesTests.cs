using System.Net;
using Bunit;
using Consultation.Testing;
using Consultation.Application.Features.Consensus;
using Consultation.Domain.Bodies;
using Consultation.Domain.Submissions;
using Consultation.Web.Components.Consensus;

namespace Consultation.Web.Tests;

/// <summary>The demo DNS-CERT record and report, as an anonymous reader gets them over HTTP.</summary>
[Collection(PortalCollection.Name)]
public sealed class ConsensusRecordPagesTests(PortalFactory portal)
{
    private const string Slug = "dns-cert-business-case-2010";
    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    [Fact]
    public async Task The_record_shows_the_level_the_chart_the_matrix_and_every_submissions_disposition()
    {
        var page = await _client.GetPageAsync($"/consultations/{Slug}/record");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Divergence", page.TextOf("[data-testid=record-level]"));
        var chart = page.Document.QuerySelector("svg[data-testid=stance-chart]")!;
        Assert.Equal("img", chart.GetAttribute("role"));
        Assert.Contains("Registry: Concerns 2", chart.QuerySelectorAll("rect title").Select(t => t.TextContent));
        var matrix = page.Document.QuerySelector("table[data-testid=stance-matrix]")!;
        Assert.Equal("Individuals", matrix.QuerySelectorAll("tbody th").Last().TextContent);
        Assert.Equal("6", matrix.QuerySelectorAll("tfoot td").Last().TextContent);
        var dispositions = page.Document.QuerySelectorAll("[data-testid=dispositions] > li");
        Assert.Equal(6, dispositions.Length);
        Assert.All(dispositions, d => Assert.NotNull(d.QuerySelector(".disposition-name")));
        Assert.Contains("Partially accepted", page.TextOf(".disposition-name"));
        Assert.Contains("ISOC", page.TextOf(".minority-views"));
        Assert.Contains("Dismissed", page.TextOf("[data-testid=challenges]"));
        Assert.Matches("^[0-9a-f]{64}$", page.TextOf("[data-testid=ledger-head]"));
        Assert.Contains("Deadline extended from 2010-03-29 23:59 UTC to 2010-04-14 23:59 UTC", page.TextOf("ol.timeline"));
        Assert.Contains("Consensus call opened", page.TextOf("ol.timeline"));
        Assert.Null(page.Document.QuerySelector("main form")); // the header's search box is on every page
    }

    [Fact]
    public async Task The_report_has_the_four_parts_and_every_contributor()
    {
        var page = await _client.GetPageAsync($"/consultations/{Slug}/report");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["I. Overview and next steps", "II. Contributors", "III. Summary of submissions per section of the proposal", "IV. Analysis of submissions"],
            page.Document.QuerySelectorAll("article h2").Select(h => h.TextContent));
        Assert.Equal("Divergence", page.TextOf("[data-testid=report-level]"));
        Assert.All(["ccNSO", "JPRS", "ISOC", "CENTR", "FIRST"], body => Assert.Contains(body, page.TextOf("[data-testid=contributors]")));
        Assert.Contains("Mika Member (demo)", page.TextOf("[data-testid=individuals]"));
        Assert.NotNull(page.Document.QuerySelector("svg[data-testid=stance-chart]"));
        Assert.Equal(6, page.Document.QuerySelectorAll("[data-testid=dispositions] > li .disposition-name").Length);
    }

    [Fact]
    public async Task The_consultation_page_links_the_record_and_the_report()
    {
        var page = await _client.GetPageAsync($"/consultations/{Slug}");

        Assert.EndsWith($"consultations/{Slug}/record", page.Document.QuerySelector("[data-testid=record-link]")!.GetAttribute("href"));
        Assert.EndsWith($"consultations/{Slug}/report", page.Document.QuerySelector("[data-testid=report-link]")!.GetAttribute("href"));
    }

    [Theory]
    [InlineData("/consultations/ksk-rollover-communication-plan/record")]
    [InlineData("/consultations/ksk-rollover-communication-plan/report")]
    [InlineData("/consultations/dns-cert-business-case-2010/record?version=2")]
    public async Task Without_a_published_record_there_is_nothing_to_read(string path)
    {
        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, page.Status);
    }

    [Theory]
    [InlineData("/chair/consultations/dns-cert-business-case-2010/consensus")]
    [InlineData("/consultations/dns-cert-business-case-2010/consensus")]
    public async Task The_consensus_call_pages_need_a_sign_in(string path)
    {
        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Contains("Account/Login", page.Location!.ToString());
    }
}

/// <summary>The stance chart drawn from a matrix.</summary>
public sealed class StanceMatrixChartTests : BunitContext
{
    [Fact]
    public void Each_row_is_a_stacked_bar_with_a_titled_segment_per_stance_that_occurs()
    {
        var matrix = StanceMatrix.Of([
            (BodyKind.Registry, Stance.Concerns), (BodyKind.Registry, Stance.Concerns), (BodyKind.Registry, Stance.Oppose),
            (BodyKind.TechnicalCommunity, Stance.Support), (null, Stance.Support),
        ]);

        var cut = Render<StanceMatrixChart>(ps => ps.Add(p => p.Matrix, matrix));

        Assert.Equal(["Registry", "Technical community", "Individuals"], cut.FindAll("text.stance-label").Select(t => t.TextContent));
        Assert.Equal(["Registry: Concerns 2", "Registry: Oppose 1", "Technical community: Support 1", "Individuals: Support 1"],
            cut.FindAll("rect title").Select(t => t.TextContent));
        var registry = cut.FindAll("g.stance-row")[0].QuerySelectorAll("rect");
        Assert.Equal(2 * double.Parse(registry[1].GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture),
            double.Parse(registry[0].GetAttribute("width")!, System.Globalization.CultureInfo.InvariantCulture), 2);
        Assert.Equal("stance-fill-concerns", registry[0].GetAttribute("class"));
        Assert.Contains("Registry: Concerns 2, Oppose 1", cut.Find("desc").TextContent);
        Assert.Equal("img", cut.Find("svg").GetAttribute("role"));
        Assert.Equal(Enum.GetValues<Stance>().Length, cut.FindAll(".stance-legend li").Count);
    }

    [Fact]
    public void An_empty_matrix_draws_no_bar()
    {
        var cut = Render<StanceMatrixChart>(ps => ps.Add(p => p.Matrix, StanceMatrix.Of([])));

        Assert.Empty(cut.FindAll("rect"));
        Assert.Equal("No submissions.", cut.Find("desc").TextContent);
    }
}
