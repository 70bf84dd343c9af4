using System.Net;
using Consultation.Testing;

namespace Consultation.Web.Tests;

/// <summary>Who reaches the chair's review pages, and what the seeded portal shows a chair there.</summary>
[Collection(PortalCollection.Name)]
public sealed class ChairPagesTests(PortalFactory portal)
{
    private const string Decided = "dns-cert-business-case-2010";
    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    public static TheoryData<string> ChairPages => new()
    {
        "/chair",
        "/chair/consultations/ksk-rollover-communication-plan/review",
        $"/chair/consultations/{Decided}/stages/1",
    };

    [Theory]
    [MemberData(nameof(ChairPages))]
    public async Task An_anonymous_reader_is_sent_to_sign_in(string path)
    {
        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/Account/Login", page.Location!.AbsolutePath);
    }

    [Theory]
    [MemberData(nameof(ChairPages))]
    public async Task A_member_is_denied_access(string path)
    {
        await _client.SignInAsync("member@demo.example");

        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/Account/AccessDenied", page.Location!.AbsolutePath);
        Assert.Null((await _client.GetPageAsync("/dashboard")).Document.QuerySelector("nav a[href='chair']"));
    }

    [Fact]
    public async Task A_chair_sees_the_cycles_they_chair_and_the_consultations_still_without_one()
    {
        await _client.SignInAsync("chair@demo.example");

        var page = await _client.GetPageAsync("/chair");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotNull(page.Document.QuerySelector("nav a[href='chair']"));
        var cycle = page.Document.QuerySelector($"[data-testid=cycle-{Decided}]")!;
        Assert.Contains("Review closed by the record", cycle.TextContent);
        Assert.Equal(5, cycle.QuerySelectorAll("table.ladder tbody tr").Length);
        Assert.Contains($"chair/consultations/{Decided}/period", cycle.QuerySelectorAll("a").Select(a => a.GetAttribute("href")));
        var setUpLinks = page.Document.QuerySelectorAll("[data-testid=without-cycle] a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("chair/consultations/ksk-rollover-communication-plan/review", setUpLinks);
        Assert.Contains("chair/consultations/ksk-rollover-communication-plan/period", setUpLinks);
    }

    [Fact]
    public async Task A_chair_reads_the_record_stage_of_the_decided_review_with_every_answer_published()
    {
        await _client.SignInAsync("chair@demo.example");

        var page = await _client.GetPageAsync($"/chair/consultations/{Decided}/stages/5");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var rows = page.Document.QuerySelectorAll("[data-testid=items] tbody tr");
        Assert.Equal(6, rows.Length);
        Assert.All(rows, row => Assert.Contains("Published", row.TextContent));
        Assert.Contains("the review is closed", page.Html);
        Assert.Contains("Illustrative sample data", page.TextOf("[data-testid=selected-item]"));
    }

    [Fact]
    public async Task The_template_ladder_is_offered_for_a_consultation_without_a_review()
    {
        await _client.SignInAsync("chair@demo.example");

        var page = await _client.GetPageAsync("/chair/consultations/ksk-rollover-communication-plan/review");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal(["Staff intake", "Working group review", "Council review", "Consensus call", "Record published"],
            page.Document.QuerySelectorAll("[data-testid=stage-row] input[id^=stage-name]").Select(i => i.GetAttribute("value")));
        Assert.All(page.Document.QuerySelectorAll("[data-testid=stage-row] input[id^=stage-chairs]"),
            i => Assert.Equal("chair@demo.example", i.GetAttribute("value")));
    }
}
