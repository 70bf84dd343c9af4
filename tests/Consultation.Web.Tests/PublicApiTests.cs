using System.Net;
using System.Text.Json;
using Consultation.Application.Features.Submissions;
using Consultation.Domain.Submissions;
using Consultation.Testing;
using Mediator;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>
/// The public JSON API under /api/v1, over a real HTTP server, on a portal of its own: it adds submissions, a draft and a
/// withheld answer, which the other test classes must not see.
/// </summary>
public sealed class PublicApiTests(PublicApiTests.Portal portal) : IClassFixture<PublicApiTests.Portal>
{
    private const string DnsCert = "dns-cert-business-case-2010";
    private const string Ksk = "ksk-rollover-communication-plan";
    private const string DraftText = "Unsent draft about wallabies that only its writer may see";
    private const string WithheldResponse = "Withheld answer about numbats the chairs have not published";
    private const string AddedWord = "quokka";
    private const int AddedSubmissions = 7;
    private static readonly string[] DemoSlugs = [DnsCert, Ksk, "registration-data-accuracy-principles"];

    public sealed class Portal : PortalFactory
    {
        private Task? _seeded;

        public Portal()
        {
            UseKestrel(0);
            StartServer();
        }

        public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

        public Uri Site => ClientOptions.BaseAddress;

        /// <summary>Enough submissions to page through, a draft and an answer taken back from publication: once per portal.</summary>
        public Task SeededAsync() => _seeded ??= SeedAsync();

        private async Task SeedAsync()
        {
            for (var i = 0; i < AddedSubmissions; i++)
                await this.SubmitAsync(i % 2 == 0 ? "member@demo.example" : "rep.isoc@demo.example", $"Comment {i} on the {AddedWord} question.");

            using (var signedIn = await this.SignedInScopeAsync("rep.cert@demo.example"))
            {
                var mediator = signedIn.Services.GetRequiredService<IMediator>();
                var form = await mediator.Send(new SubmissionForm.Query(Ksk));
                await mediator.Send(new SaveDraft.Command(form.ConsultationId, null, null, Stance.Oppose, DraftText, false, null, [], null, null, null));
            }

            await this.WithholdAPublishedAnswerAsync(DnsCert, WithheldResponse);
        }
    }

    private Uri Url(string pathAndQuery) => new(portal.Site, pathAndQuery.TrimStart('/'));

    private async Task<(HttpResponseMessage Response, JsonElement Body)> GetJsonAsync(string pathAndQuery, string? origin = null)
    {
        await portal.SeededAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, Url(pathAndQuery));
        if (origin is not null) request.Headers.Add("Origin", origin);
        var response = await portal.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response, JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Follows <c>next</c> from the first page to the last, checking each Link header on the way.</summary>
    private async Task<List<JsonElement>> WalkAsync(string path, int limit)
    {
        var items = new List<JsonElement>();
        var separator = path.Contains('?') ? '&' : '?';
        string? next = null;
        var pages = 0;
        do
        {
            var (response, body) = await GetJsonAsync($"{path}{separator}limit={limit}" + (next is null ? "" : $"&cursor={Uri.EscapeDataString(next)}"));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var pageItems = body.GetProperty("items").EnumerateArray().ToList();
            Assert.InRange(pageItems.Count, 0, limit);
            items.AddRange(pageItems);
            next = body.GetProperty("next").GetString();
            if (next is null) Assert.False(response.Headers.Contains("Link"));
            else
            {
                Assert.Equal(limit, pageItems.Count);
                var link = Assert.Single(response.Headers.GetValues("Link"));
                Assert.Contains($"cursor={Uri.EscapeDataString(next)}", link);
                Assert.EndsWith("rel=\"next\"", link);
            }
            Assert.True(++pages < 1000, "The cursor never ends.");
        } while (next is not null);
        return items;
    }

    private static List<string> Ids(IEnumerable<JsonElement> items, string property) => items.Select(i => i.GetProperty(property).ToString()).ToList();

    /// <summary>Every GET route of the API with its parameters filled from the demo data.</summary>
    private async Task<List<string>> EveryApiUrlAsync()
    {
        var submission = (await GetJsonAsync($"/api/v1/consultations/{DnsCert}/submissions?limit=1")).Body.GetProperty("items")[0];
        var hash = submission.GetProperty("versions")[0].GetProperty("contentHash").GetString();
        return
        [
            "/api/v1/consultations", "/api/v1/consultations?status=Decided&year=2010&body=ccnso", $"/api/v1/consultations/{DnsCert}",
            $"/api/v1/consultations/{DnsCert}/submissions", $"/api/v1/consultations/{DnsCert}/submissions/{submission.GetProperty("id").GetString()}",
            $"/api/v1/consultations/{DnsCert}/record", "/api/v1/search?q=root", $"/api/v1/search?q={AddedWord}&consultation={Ksk}&stance=Support",
            "/api/v1/records", "/api/v1/organizations", "/api/v1/organizations/ccnso", "/api/v1/ledger", "/api/v1/ledger/entries",
            "/api/v1/ledger/verify", $"/api/v1/ledger/receipts/{hash}",
        ];
    }

    [Fact]
    public async Task Every_endpoint_answers_json()
    {
        foreach (var url in await EveryApiUrlAsync())
        {
            var (response, body) = await GetJsonAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {response.StatusCode}");
            Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
            Assert.Equal(JsonValueKind.Object, body.ValueKind);
        }
    }

    [Fact]
    public async Task Consultations_carry_slug_page_and_links()
    {
        var consultations = await WalkAsync("/api/v1/consultations", 1);

        Assert.Equal(DemoSlugs.Order(), Ids(consultations, "slug").Order());
        var decided = consultations.Single(c => c.GetProperty("slug").GetString() == DnsCert);
        Assert.Equal("Decided", decided.GetProperty("status").GetString());
        Assert.Equal(Url($"/consultations/{DnsCert}").AbsoluteUri, decided.GetProperty("url").GetString());
        Assert.Equal(Url($"/consultations/{DnsCert}/submissions.csv").AbsoluteUri, decided.GetProperty("links").GetProperty("submissionsCsv").GetString());
        Assert.Equal(Url($"/api/v1/consultations/{DnsCert}/record").AbsoluteUri, decided.GetProperty("links").GetProperty("record").GetString());

        var (_, filtered) = await GetJsonAsync("/api/v1/consultations?status=decided&year=2010");
        Assert.Equal([DnsCert], Ids(filtered.GetProperty("items").EnumerateArray(), "slug"));
        var (_, none) = await GetJsonAsync("/api/v1/consultations?year=2009");
        Assert.Empty(none.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task One_consultation_has_numbered_sections_timeline_and_counts()
    {
        var (_, consultation) = await GetJsonAsync($"/api/v1/consultations/{DnsCert}");

        Assert.Equal(DnsCert, consultation.GetProperty("slug").GetString());
        Assert.NotEmpty(consultation.GetProperty("proposal").GetProperty("sections").EnumerateArray());
        Assert.All(consultation.GetProperty("proposal").GetProperty("sections").EnumerateArray(),
            s => Assert.False(string.IsNullOrEmpty(s.GetProperty("number").GetString())));
        Assert.Contains(consultation.GetProperty("timeline").EnumerateArray(), e => e.GetProperty("kind").GetString() == "DeadlineExtended");
        var standing = (await WalkAsync($"/api/v1/consultations/{DnsCert}/submissions", 200)).Count(s => s.GetProperty("withdrawnAt").ValueKind == JsonValueKind.Null);
        Assert.Equal(standing, consultation.GetProperty("counts").GetProperty("standing").GetInt32());
        Assert.Equal(1, consultation.GetProperty("record").GetProperty("version").GetInt32());
    }

    [Theory]
    [InlineData(DnsCert, 1)]
    [InlineData(DnsCert, 4)]
    [InlineData(Ksk, 2)]
    [InlineData(Ksk, 3)]
    [InlineData("registration-data-accuracy-principles", 1)]
    public async Task Submissions_are_walked_exactly_once_page_by_page(string slug, int limit)
    {
        var walked = Ids(await WalkAsync($"/api/v1/consultations/{slug}/submissions", limit), "id");

        Assert.Equal(walked.Count, walked.Distinct().Count());
        var exported = JsonDocument.Parse(await portal.Http.GetStringAsync(Url($"/consultations/{slug}/submissions.json"))).RootElement
            .EnumerateArray().Select(s => s.GetProperty("id").GetString()!).ToList();
        Assert.Equal(exported.Order(), walked.Order());
        if (slug == Ksk) Assert.True(walked.Count > AddedSubmissions);
    }

    [Fact]
    public async Task Submission_versions_carry_their_ledger_receipts()
    {
        var (_, page) = await GetJsonAsync($"/api/v1/consultations/{DnsCert}/submissions?limit=1");
        var id = page.GetProperty("items")[0].GetProperty("id").GetString();

        var (_, submission) = await GetJsonAsync($"/api/v1/consultations/{DnsCert}/submissions/{id}");
        var version = submission.GetProperty("versions")[0];
        Assert.False(string.IsNullOrEmpty(version.GetProperty("text").GetString()));
        var (receiptResponse, receipt) = await GetJsonAsync(new Uri(version.GetProperty("receipt").GetString()!).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, receiptResponse.StatusCode);
        Assert.True(receipt.GetProperty("found").GetBoolean());
        Assert.Equal(id, receipt.GetProperty("entries")[0].GetProperty("version").GetProperty("submissionId").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("&order=BestMatch")]
    public async Task Search_pages_follow_the_order_without_repeats(string order)
    {
        var all = Ids(await WalkAsync($"/api/v1/search?q={AddedWord}{order}", 200), "submissionId");
        var walked = Ids(await WalkAsync($"/api/v1/search?q={AddedWord}{order}", 2), "submissionId");

        Assert.Equal(AddedSubmissions, all.Count);
        Assert.Equal(all, walked);
        if (order == "")   // newest first: "Comment 6 …" was submitted last
            Assert.Equal(Enumerable.Range(0, AddedSubmissions).Reverse().Select(i => $"Comment {i}"),
                (await WalkAsync($"/api/v1/search?q={AddedWord}", 200)).Select(hit => string.Concat(hit.GetProperty("snippet").EnumerateArray()
                    .Select(part => part.GetProperty("text").GetString())).Split(" on the ")[0]));
        var (_, hit) = await GetJsonAsync($"/api/v1/search?q={AddedWord}&limit=1");
        Assert.Contains(hit.GetProperty("items")[0].GetProperty("snippet").EnumerateArray(),
            p => p.GetProperty("isMatch").GetBoolean() && p.GetProperty("text").GetString() == AddedWord);
        var (_, filtered) = await GetJsonAsync($"/api/v1/search?q={AddedWord}&stance=Oppose");
        Assert.Empty(filtered.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Ledger_entries_are_walked_in_sequence_up_to_the_head()
    {
        var (_, head) = await GetJsonAsync("/api/v1/ledger");
        var entries = await WalkAsync("/api/v1/ledger/entries", 7);

        Assert.Equal(head.GetProperty("entries").GetInt64(), entries.Count);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal(head.GetProperty("hash").GetString(), entries[^1].GetProperty("hash").GetString());
        var (_, verification) = await GetJsonAsync("/api/v1/ledger/verify");
        Assert.True(verification.GetProperty("isIntact").GetBoolean());
    }

    [Fact]
    public async Task Organizations_and_records_are_walked_exactly_once()
    {
        var organizations = Ids(await WalkAsync("/api/v1/organizations", 3), "slug");
        Assert.Equal(Ids(await WalkAsync("/api/v1/organizations", 200), "slug"), organizations);
        Assert.Equal(organizations.Count, organizations.Distinct().Count());
        Assert.Contains("ccnso", organizations);

        var records = await WalkAsync("/api/v1/records", 1);
        Assert.Equal([DnsCert], Ids(records, "consultationSlug"));
        var (_, body) = await GetJsonAsync("/api/v1/organizations/ccnso");
        Assert.NotEmpty(body.GetProperty("positions").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/v1/consultations?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/consultations?cursor=%40%40", "cursor")]
    [InlineData("/api/v1/consultations?limit=0", "limit")]
    [InlineData("/api/v1/consultations?limit=201", "limit")]
    [InlineData("/api/v1/consultations?limit=many", "limit")]
    [InlineData("/api/v1/consultations?status=Finished", "status")]
    [InlineData("/api/v1/consultations?year=twenty", "year")]
    [InlineData($"/api/v1/consultations/{DnsCert}/submissions?cursor=MTIz", "cursor")]
    [InlineData($"/api/v1/consultations/{DnsCert}/submissions?limit=-1", "limit")]
    [InlineData("/api/v1/records?cursor=eA", "cursor")]
    [InlineData("/api/v1/organizations?cursor=Tm90IGEgU2x1Zw", "cursor")]
    [InlineData("/api/v1/ledger/entries?cursor=YWJj", "cursor")]
    [InlineData("/api/v1/search?q=%22unbalanced", "q")]
    [InlineData("/api/v1/search?q=NEAR(", "q")]
    [InlineData("/api/v1/search?q=AND", "q")]
    [InlineData("/api/v1/search?q=*", "q")]
    [InlineData("/api/v1/search", "q")]
    [InlineData("/api/v1/search?q=root&cursor=OTk5OTk5", "cursor")]
    [InlineData("/api/v1/search?q=root&from=yesterday", "from")]
    [InlineData("/api/v1/search?q=root&kind=Club", "kind")]
    [InlineData("/api/v1/search?q=root&order=Oldest", "order")]
    [InlineData("/api/v1/search?q=root&order=1", "order")]
    public async Task Bad_input_is_a_400_problem_naming_the_parameter(string url, string parameter)
    {
        var (response, body) = await GetJsonAsync(url);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.NotEmpty(body.GetProperty("errors").GetProperty(parameter).EnumerateArray());
    }

    [Theory]
    [InlineData("/api/v1/consultations/no-such-consultation")]
    [InlineData("/api/v1/consultations/Not_A_Slug")]
    [InlineData("/api/v1/consultations/no-such-consultation/submissions")]
    [InlineData($"/api/v1/consultations/{DnsCert}/submissions/00000000-0000-0000-0000-000000000000")]
    [InlineData($"/api/v1/consultations/{DnsCert}/submissions/not-an-id")]
    [InlineData($"/api/v1/consultations/{Ksk}/record")]
    [InlineData("/api/v1/organizations/no-such-body")]
    [InlineData("/api/v1/ledger/receipts/0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("/api/v1/ledger/receipts/not-a-hash")]
    public async Task Unknown_things_are_a_404_problem(string url)
    {
        var (response, body) = await GetJsonAsync(url);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(404, body.GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task Cors_is_open_on_the_api_and_its_document_but_not_on_pages()
    {
        const string origin = "https://elsewhere.example";
        foreach (var url in (await EveryApiUrlAsync()).Append("/openapi/v1.json"))
        {
            var (response, _) = await GetJsonAsync(url, origin);
            Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
            Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        }

        foreach (var page in new[] { "/", "/consultations", $"/consultations/{DnsCert}", "/api", $"/consultations/{DnsCert}/submissions.json" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, Url(page));
            request.Headers.Add("Origin", origin);
            using var response = await portal.Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"), page);
        }
    }

    /// <summary>Every GET endpoint the app maps under /api/v1, as "GET /api/v1/...": a new one cannot be left undocumented.</summary>
    private List<string> MappedApiOperations() =>
        portal.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["ANY"])
                .Select(method => $"{method} {e.RoutePattern.RawText!.TrimEnd('/')}"))
            .Order().ToList();

    [Fact]
    public async Task OpenApi_document_describes_every_api_route_and_nothing_else()
    {
        var (response, document) = await GetJsonAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString());
        var documented = document.GetProperty("paths").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => $"{o.Name.ToUpperInvariant()} {p.Name}"))
            .Order().ToList();
        var mapped = MappedApiOperations();
        Assert.True(mapped.Count >= 13, string.Join(", ", mapped));
        Assert.Equal(mapped, documented);
        foreach (var operation in document.GetProperty("paths").EnumerateObject().SelectMany(p => p.Value.EnumerateObject()))
        {
            Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("summary").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(operation.Value.GetProperty("description").GetString()));
            Assert.True(operation.Value.GetProperty("responses").TryGetProperty("200", out _), operation.Name);
        }
    }

    [Fact]
    public async Task Reference_page_lists_every_operation_with_an_example()
    {
        await portal.SeededAsync();
        using var client = new HttpClient { BaseAddress = portal.Site };
        var page = await client.GetPageAsync("/api");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var listed = page.Document.QuerySelectorAll("section[data-operation]").Select(s => s.GetAttribute("data-operation")!).Order().ToList();
        Assert.Equal(MappedApiOperations(), listed);
        Assert.All(page.Document.QuerySelectorAll("section[data-operation]"), s => Assert.Contains("curl -s '", s.QuerySelector("pre")!.TextContent));
        Assert.NotNull(page.Document.QuerySelector("a[href='openapi/v1.json']"));
        Assert.Empty(page.Document.QuerySelectorAll("main script"));
        Assert.NotNull(page.Document.QuerySelector("footer a[href='api']"));
    }

    [Fact]
    public async Task No_api_response_shows_an_email_address_a_draft_or_an_unpublished_answer()
    {
        var urls = await EveryApiUrlAsync();
        foreach (var slug in DemoSlugs)
        {
            urls.Add($"/api/v1/consultations/{slug}");
            urls.Add($"/api/v1/consultations/{slug}/submissions?limit=200");
            foreach (var submission in await WalkAsync($"/api/v1/consultations/{slug}/submissions", 200))
                urls.Add($"/api/v1/consultations/{slug}/submissions/{submission.GetProperty("id").GetString()}");
        }
        foreach (var organization in await WalkAsync("/api/v1/organizations", 200))
            urls.Add($"/api/v1/organizations/{organization.GetProperty("slug").GetString()}");
        urls.AddRange(["/api/v1/search?q=wallabies", "/api/v1/search?q=numbats", "/api/v1/ledger/entries?limit=200", "/openapi/v1.json"]);

        foreach (var url in urls)
        {
            await portal.SeededAsync();
            var body = await portal.Http.GetStringAsync(Url(url));
            Assert.DoesNotContain("@demo.example", body);
            Assert.DoesNotContain("wallabies", body);
            Assert.DoesNotContain("numbats", body);
        }
        var (_, withheld) = await GetJsonAsync($"/api/v1/consultations/{DnsCert}/submissions?limit=200");
        Assert.Contains(withheld.GetProperty("items").EnumerateArray(), s => s.GetProperty("disposition").ValueKind == JsonValueKind.Null);
        Assert.Contains(withheld.GetProperty("items").EnumerateArray(), s => s.GetProperty("disposition").ValueKind == JsonValueKind.String);
    }
}
