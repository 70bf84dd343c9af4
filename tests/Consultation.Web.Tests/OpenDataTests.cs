using System.Net;
using System.ServiceModel.Syndication;
using System.Text.Json;
using System.Xml;
using Consultation.Testing;
using CsvHelper;

namespace Consultation.Web.Tests;

/// <summary>
/// The exports and feeds of the public URL contract, on a portal of their own: one test withholds a published answer
/// in the database, which the other test classes must not see.
/// </summary>
public sealed class OpenDataTests(OpenDataTests.Portal portal) : IClassFixture<OpenDataTests.Portal>
{
    public sealed class Portal : PortalFactory;

    private const string DnsCert = "dns-cert-business-case-2010";
    private static readonly string[] DemoSlugs = [DnsCert, "ksk-rollover-communication-plan", "registration-data-accuracy-principles"];

    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    [Theory]
    [InlineData("dns-cert-business-case-2010")]
    [InlineData("ksk-rollover-communication-plan")]
    [InlineData("registration-data-accuracy-principles")]
    public async Task Csv_and_json_exports_have_one_row_per_submission_on_the_consultation_page(string slug)
    {
        var onPage = await SubmissionIdsOnPageAsync(slug);

        var csv = await _client.GetAsync($"/consultations/{slug}/submissions.csv");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", csv.Content.Headers.ContentType!.ToString());
        Assert.Equal($"{slug}-submissions.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        Assert.Equal("attachment", csv.Content.Headers.ContentDisposition.DispositionType);
        var csvRows = ReadCsv(await csv.Content.ReadAsStringAsync());
        Assert.Equal(onPage, csvRows.Select(r => r["id"]).Order());
        Assert.All(csvRows, r => Assert.Equal(slug, r["consultationSlug"]));
        Assert.All(csvRows, r => Assert.Equal($"http://localhost/consultations/{slug}/submissions/{r["id"]}", r["permalink"]));
        Assert.All(csvRows, r => Assert.Matches("^[0-9a-f]{64}$", r["contentHash"]));
        Assert.All(csvRows, r => Assert.EndsWith("+00:00", r["submittedAt"]));

        var json = await _client.GetAsync($"/consultations/{slug}/submissions.json");
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal("application/json", json.Content.Headers.ContentType!.MediaType);
        using var document = JsonDocument.Parse(await json.Content.ReadAsStringAsync());
        var objects = document.RootElement.EnumerateArray().ToList();
        Assert.Equal(onPage, objects.Select(o => o.GetProperty("id").GetString()!).Order());
        Assert.Equal(csvRows.Select(r => r["text"]), objects.Select(o => o.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Exports_of_the_decided_consultation_carry_bodies_and_published_answers()
    {
        var rows = ReadCsv(await _client.GetStringAsync($"/consultations/{DnsCert}/submissions.csv"));

        Assert.Contains(rows, r => r["bodyAcronym"] == "ccNSO" && r["bodyKind"] != "");
        Assert.Contains(rows, r => r["disposition"] != "" && r["response"] != "" && r["responsePublishedAt"] != "");
        Assert.All(rows, r => Assert.Matches("^[1-9][0-9]*$", r["currentVersion"]));
    }

    [Fact]
    public async Task Archive_is_json_lines_with_every_submission_of_every_consultation()
    {
        var response = await _client.GetAsync("/archive.jsonl");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var submissions = lines.Select(line => JsonDocument.Parse(line).RootElement).ToList();
        var expected = new List<string>();
        foreach (var slug in DemoSlugs) expected.AddRange(await SubmissionIdsOnPageAsync(slug));
        Assert.Equal(expected.Order(), submissions.Select(s => s.GetProperty("id").GetString()!).Order());
        Assert.All(submissions, s => Assert.Contains(s.GetProperty("consultationSlug").GetString(), DemoSlugs));
        Assert.All(submissions, s => Assert.False(string.IsNullOrEmpty(s.GetProperty("consultationTitle").GetString())));
    }

    [Fact]
    public async Task Feed_of_all_consultations_links_each_consultation_absolutely()
    {
        var response = await _client.GetAsync("/feeds/consultations.atom");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = await LoadFeedAsync(response);
        Assert.Equal(DemoSlugs.Select(s => $"http://localhost/consultations/{s}").Order(),
            feed.Items.Select(i => i.Links.Single().Uri.AbsoluteUri).Order());
        Assert.All(feed.Items, i => Assert.NotEqual(default, i.LastUpdatedTime));
        Assert.All(feed.Items, i => Assert.Equal("text", i.Summary.Type));
        Assert.Contains(feed.Links, l => l.RelationshipType == "self" && l.Uri.AbsoluteUri == "http://localhost/feeds/consultations.atom");
    }

    [Fact]
    public async Task Feed_of_one_consultation_has_its_submissions_the_extension_and_the_record()
    {
        var response = await _client.GetAsync($"/feeds/consultations/{DnsCert}.atom");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = await LoadFeedAsync(response);
        var submissionLinks = feed.Items.Select(i => i.Links.Single().Uri.AbsoluteUri).Where(u => u.Contains("/submissions/")).ToList();
        Assert.Equal((await SubmissionIdsOnPageAsync(DnsCert)).Select(id => $"http://localhost/consultations/{DnsCert}/submissions/{id}").Order(),
            submissionLinks.Order());
        var titles = feed.Items.Select(i => i.Title.Text).ToList();
        Assert.Contains(titles, t => t.StartsWith("Deadline extended from 2010-03-29 23:59 UTC to 2010-04-14 23:59 UTC"));
        Assert.Contains("Consensus record published", titles);
        Assert.Equal(feed.Items.Count(), feed.Items.Select(i => i.Id).Distinct().Count());
    }

    [Theory]
    [InlineData("/consultations/does-not-exist/submissions.csv")]
    [InlineData("/consultations/does-not-exist/submissions.json")]
    [InlineData("/consultations/Not_A_Slug/submissions.json")]
    [InlineData("/feeds/consultations/does-not-exist.atom")]
    public async Task Unknown_consultation_is_404(string path)
    {
        var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Hashed_content_of_each_exported_version_hashes_to_its_receipt_and_carries_its_text()
    {
        var rows = ReadCsv(await _client.GetStringAsync($"/consultations/{DnsCert}/submissions.csv"));
        Assert.NotEmpty(rows);

        foreach (var row in rows)
        {
            var response = await _client.GetAsync($"/consultations/{DnsCert}/submissions/{row["id"]}/versions/{row["currentVersion"]}.txt");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/plain; charset=utf-8", response.Content.Headers.ContentType!.ToString());
            var bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(row["contentHash"], Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)));
            var text = row["text"].Replace("\\", "\\\\").Replace("\r", "\\r").Replace("\n", "\\n");
            Assert.Contains($"\ntext={text}\n", System.Text.Encoding.UTF8.GetString(bytes));
        }
    }

    [Theory]
    [InlineData("/consultations/dns-cert-business-case-2010/submissions/00000000-0000-0000-0000-000000000001/versions/1.txt")]
    [InlineData("/consultations/no-such-consultation/submissions/00000000-0000-0000-0000-000000000001/versions/1.txt")]
    public async Task Hashed_content_of_an_unknown_version_is_404(string path) =>
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync(path)).StatusCode);

    [Fact]
    public async Task Hashed_content_of_a_version_that_does_not_exist_is_404()
    {
        var id = (await SubmissionIdsOnPageAsync(DnsCert))[0];
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/consultations/{DnsCert}/submissions/{id}/versions/99.txt")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/consultations/{DnsCert}/submissions/{id}/versions/0.txt")).StatusCode);
    }

    [Fact]
    public async Task No_export_or_feed_shows_an_email_address_or_an_unpublished_answer()
    {
        const string unpublished = "Withheld answer the chairs have not published";
        await portal.WithholdAPublishedAnswerAsync(DnsCert, unpublished);

        string[] paths =
        [
            .. DemoSlugs.SelectMany(s => new[] { $"/consultations/{s}/submissions.csv", $"/consultations/{s}/submissions.json", $"/feeds/consultations/{s}.atom" }),
            "/archive.jsonl", "/feeds/consultations.atom",
        ];
        foreach (var path in paths)
        {
            var body = await _client.GetStringAsync(path);
            Assert.DoesNotContain("@demo.example", body);
            Assert.DoesNotContain(unpublished, body);
        }
    }

    private async Task<List<string>> SubmissionIdsOnPageAsync(string slug)
    {
        var page = await _client.GetPageAsync($"/consultations/{slug}");
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page.Document.QuerySelectorAll("ol.submissions > li.submission").Select(li => li.Id!["submission-".Length..]).Order().ToList();
    }

    private static List<Dictionary<string, string>> ReadCsv(string text)
    {
        using var reader = CsvReader.FromText(text);
        reader.ReadHeader();
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
            rows.Add(reader.Headers.ToDictionary(name => name, name => reader.GetString(name) ?? ""));
        return rows;
    }

    private static async Task<SyndicationFeed> LoadFeedAsync(HttpResponseMessage response)
    {
        using var xml = XmlReader.Create(await response.Content.ReadAsStreamAsync());
        return SyndicationFeed.Load(xml);
    }
}
