using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Consultation.Application.Persistence.Sqlite;
using Consultation.Application.Search;
using Consultation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class SearchPageTests(PortalFactory portal)
{
    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    [Fact]
    public async Task A_search_answers_with_its_results_and_keeps_the_words_in_the_field()
    {
        var page = await _client.GetPageAsync("/search?q=landscape");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("1 match for “landscape”.", page.TextOf(".search-results [role=status]"));
        var hit = Assert.Single(page.Document.QuerySelectorAll(".search-hit"));
        Assert.Equal("consultations/dns-cert-business-case-2010#section-2", hit.QuerySelector(".search-title a")?.GetAttribute("href"));
        Assert.False(string.IsNullOrWhiteSpace(hit.QuerySelector(".snippet")?.TextContent));
        Assert.Equal("landscape", page.Document.QuerySelector("input#search-q")?.GetAttribute("value"));
    }

    [Fact]
    public async Task The_filters_narrow_the_results_and_stay_chosen()
    {
        var page = await _client.GetPageAsync("/search?q=illustrative&kind=Registry&stance=Oppose");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("CENTR", Assert.Single(page.Document.QuerySelectorAll(".search-hit")).TextContent);
        Assert.Equal("Registry", page.Document.QuerySelector("#search-kind option[selected]")?.GetAttribute("value"));
        Assert.Equal("Oppose", page.Document.QuerySelector("#search-stance option[selected]")?.GetAttribute("value"));
    }

    [Fact]
    public async Task The_order_chosen_orders_the_results_stays_chosen_and_is_kept_by_the_pages_links()
    {
        await portal.SubmitAsync("rep.isoc@demo.example", "Bilby, bilby, bilby: the bilby is all this is about.");
        for (var i = 0; i < 21; i++) await portal.SubmitAsync("member@demo.example", $"Bilby note {i}: among other things, the bilby question again.");

        var newest = await _client.GetPageAsync("/search?q=bilby");
        var best = await _client.GetPageAsync("/search?q=bilby&order=BestMatch");
        var bestFromApi = await portal.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/search?q=bilby&order=BestMatch&limit=1");

        Assert.Equal("", newest.Document.QuerySelector("#search-order option[selected]")?.GetAttribute("value"));
        Assert.StartsWith("Bilby note 20:", newest.Document.QuerySelector(".search-hit .snippet")?.TextContent);
        Assert.StartsWith("Bilby, bilby, bilby:", best.Document.QuerySelector(".search-hit .snippet")?.TextContent);
        Assert.StartsWith("Bilby, bilby, bilby:", string.Concat(bestFromApi.GetProperty("items")[0].GetProperty("snippet").EnumerateArray()
            .Select(part => part.GetProperty("text").GetString())));
        Assert.Equal("BestMatch", best.Document.QuerySelector("#search-order option[selected]")?.GetAttribute("value"));
        Assert.Contains("order=BestMatch", best.Document.QuerySelector("nav.pager a[rel=next]")?.GetAttribute("href"));
    }

    [Theory]
    [InlineData("/search?q=%22unbalanced", "q")]
    [InlineData("/search?q=NEAR(", "q")]
    [InlineData("/search?q=AND", "q")]
    [InlineData("/search?q=*", "q")]
    [InlineData("/search?q=-", "q")]
    [InlineData("/search?q=%3A", "q")]
    [InlineData("/search?q=", "q")]
    [InlineData("/search?q=dns&stance=Maybe", "stance")]
    [InlineData("/search?q=dns&from=14%2F04%2F2010", "from")]
    [InlineData("/search?q=dns&from=2010-04-14&to=2010-04-01", "to")]
    [InlineData("/search?q=dns&page=0", "q")]
    [InlineData("/search?q=dns&page=501", "q")]
    [InlineData("/search?q=dns&order=Oldest", "order")]
    [InlineData("/search?q=dns&order=1", "order")]
    public async Task Input_it_cannot_read_gets_a_message_beside_its_field_never_an_error_page(string path, string field)
    {
        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var message = page.Document.QuerySelector($"#search-{field}-error");
        Assert.False(string.IsNullOrWhiteSpace(message?.TextContent));
        Assert.Contains($"search-{field}-error", page.Document.QuerySelector($"#search-{field}")?.GetAttribute("aria-describedby") ?? "");
        Assert.Null(page.Document.QuerySelector(".search-results"));
    }

    [Fact]
    public async Task A_first_visit_shows_the_form_without_a_message()
    {
        var page = await _client.GetPageAsync("/search");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Empty(page.Document.QuerySelectorAll(".validation-message"));
        Assert.Contains("Global DNS-CERT Business Case", page.TextOf("#search-consultation"));
        Assert.NotNull(page.Document.QuerySelector("label[for=search-q]"));
    }

    [Fact]
    public async Task Markup_in_a_submission_is_shown_as_text_in_its_snippet()
    {
        await portal.SubmitAsync("rep.isoc@demo.example", "Beware <script>alert('wombatscript')</script> and <b>bold</b> claims.");

        var page = await _client.GetPageAsync("/search?q=wombatscript");

        var snippet = Assert.Single(page.Document.QuerySelectorAll(".search-hit .snippet"));
        Assert.Contains("<script>alert('wombatscript')</script>", snippet.TextContent);
        Assert.Empty(snippet.QuerySelectorAll("script, b"));
        Assert.Equal("wombatscript", Assert.Single(snippet.Children, c => c.LocalName == "mark").TextContent);
        Assert.Equal(["mark"], snippet.Children.Select(c => c.LocalName).Distinct());
        Assert.DoesNotContain("<script>alert", page.Html);
    }

    [Fact]
    public async Task The_search_page_is_static_and_needs_no_account()
    {
        var page = await _client.GetPageAsync("/search?q=cert");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.DoesNotContain("\"type\":\"server\"", page.Html);
        Assert.Equal("get", page.Document.QuerySelector("form.search-form")?.GetAttribute("method"));
        Assert.DoesNotContain("@demo.example", page.Html);
    }

    [Fact]
    public async Task Every_page_has_a_search_box_in_its_header()
    {
        var home = await _client.GetPageAsync("/");

        var form = home.Document.QuerySelector("header form[role=search]");
        Assert.Equal("search", form?.GetAttribute("action"));
        Assert.Equal("get", form?.GetAttribute("method"));
        var input = form?.QuerySelector("input[name=q]");
        Assert.NotNull(home.Document.QuerySelector($"label[for={input?.Id}]"));
    }
}

/// <summary>A portal whose lists stop at 3 matches, so that a search past the limit can be seen without ten thousand submissions.</summary>
public sealed class SearchResultLimitTests(SearchResultLimitTests.Portal portal) : IClassFixture<SearchResultLimitTests.Portal>
{
    public sealed class Portal : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<ISearchIndex>(new SqliteSearchIndex(resultLimit: 3)));
        }
    }

    [Fact]
    public async Task Past_the_limit_the_page_says_more_than_it_lists_and_the_api_stops_there()
    {
        var page = await portal.CreateBrowserlikeClient().GetPageAsync("/search?q=dns");
        var api = await portal.CreateClient().GetFromJsonAsync<JsonElement>("/api/v1/search?q=dns&limit=2");
        var next = await portal.CreateClient().GetFromJsonAsync<JsonElement>(
            "/api/v1/search?q=dns&limit=2&cursor=" + Uri.EscapeDataString(api.GetProperty("next").GetString()!));

        Assert.Equal("More than 3 matches for “dns”. The first 3 are listed: narrow the search to reach the others.",
            page.TextOf(".search-results [role=status]"));
        Assert.Equal(3, page.Document.QuerySelectorAll(".search-hit").Length);
        Assert.Equal(2, api.GetProperty("items").GetArrayLength());
        Assert.Equal(1, next.GetProperty("items").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, next.GetProperty("next").ValueKind);
    }
}
