using System.Net;
using Consultation.Application.Features.Submissions;
using Consultation.Domain.Submissions;
using Consultation.Testing;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>The public reading pages over HTTP: the diff on a submission's permanent link and the filtered consultations list.</summary>
[Collection(PortalCollection.Name)]
public sealed class ArchivePagesTests(PortalFactory portal)
{
    private const string DnsCert = "Global DNS-CERT Business Case";
    private const string Author = "member@demo.example";

    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    private static IReadOnlyList<string> TitlesOn(Page page) =>
        page.Document.QuerySelectorAll("ul.card-list h2, ul.card-list h3").Select(h => h.TextContent.Trim()).ToList();

    /// <summary>A new own-name comment on the open consultation, revised once through the real pipeline.</summary>
    private async Task<SubmissionReceipt> SubmitAndReviseAsync(string first, string second)
    {
        var receipt = await portal.SubmitAsync(Author, first);
        using var signedIn = await portal.SignedInScopeAsync(Author);
        await signedIn.Services.GetRequiredService<IMediator>().Send(new ReviseSubmission.Command(receipt.SubmissionId, Stance.Concerns, second,
            false, null, [], [], [], null, null, Guid.NewGuid()));
        return receipt;
    }

    [Fact]
    public async Task The_permalink_shows_what_version_two_changed_as_deletions_and_insertions_with_words_for_screen_readers()
    {
        var receipt = await SubmitAndReviseAsync("Registries should publish the plan weekly.", "Registries should publish the plan monthly.");

        var page = await _client.GetPageAsync(receipt.Permalink);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var changes = page.Document.QuerySelector("#version-2 [data-testid=version-changes]")!;
        Assert.Equal("removed: weekly", changes.QuerySelector(".diff-text del")!.TextContent);
        Assert.Equal("added: monthly", changes.QuerySelector(".diff-text ins")!.TextContent);
        Assert.Equal("Registries should publish the plan removed: weeklyadded: monthly.", changes.QuerySelector(".diff-text")!.TextContent);
        Assert.Contains("Stance", changes.QuerySelector("dl.changed-fields")!.TextContent);
        Assert.Equal(["removed: ", "added: "], changes.QuerySelectorAll("dl.changed-fields .visually-hidden").Select(s => s.TextContent));
        Assert.Contains("Changes from version 1", page.TextOf("#version-2 summary"));
        Assert.Null(page.Document.QuerySelector("#version-1 [data-testid=version-changes]"));
    }

    [Fact]
    public async Task Html_in_a_revision_shows_as_text_in_the_diff_never_as_markup()
    {
        var receipt = await SubmitAndReviseAsync("Plain words.", "Plain <img src=x onerror=alert(1)> <b>bold</b> words.");

        var page = await _client.GetPageAsync(receipt.Permalink);

        var diff = page.Document.QuerySelector("#version-2 .diff-text")!;
        Assert.Empty(diff.QuerySelectorAll("img, b"));
        Assert.Contains("<img src=x onerror=alert(1)> <b>bold</b>", diff.QuerySelector("ins")!.TextContent);
        Assert.Contains("&lt;img src=x onerror=alert(1)&gt;", page.Html);
    }

    [Fact]
    public async Task Comparing_two_versions_by_the_query_string_shows_their_changes()
    {
        var receipt = await SubmitAndReviseAsync("The first text.", "The second text.");

        var page = await _client.GetPageAsync(receipt.Permalink + "?compare=1..2");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("Changes from version 1 to version 2", page.TextOf("#comparison-heading"));
        Assert.Equal("removed: first", page.TextOf("[data-testid=comparison] .diff-text del"));
        Assert.Equal("1..2", page.Document.QuerySelector("#compare-versions")!.GetAttribute("value"));
    }

    [Theory]
    [InlineData("2..1")]
    [InlineData("1..7")]
    [InlineData("latest")]
    public async Task A_bad_comparison_gets_a_message_beside_the_field_not_an_error_page(string compare)
    {
        var receipt = await SubmitAndReviseAsync("The first text.", "The second text.");

        var page = await _client.GetPageAsync(receipt.Permalink + "?compare=" + Uri.EscapeDataString(compare));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotEmpty(page.TextOf("#compare-error"));
        Assert.Equal("compare-error", page.Document.QuerySelector("#compare-versions")!.GetAttribute("aria-describedby"));
        Assert.Null(page.Document.QuerySelector("[data-testid=comparison]"));
    }

    [Fact]
    public async Task The_permalink_shows_each_versions_ledger_receipt_with_a_link_to_check_it()
    {
        var receipt = await portal.SubmitAsync(Author, "A comment with a receipt.");

        var page = await _client.GetPageAsync(receipt.Permalink);

        var line = page.Document.QuerySelector("#version-1 [data-testid=ledger-receipt]")!;
        Assert.Contains(receipt.ContentHash, line.TextContent);
        Assert.Contains($"ledger entry {receipt.LedgerSequence}", line.TextContent);
        Assert.Equal($"ledger?receipt={receipt.ContentHash}", line.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public async Task Filters_in_the_query_string_combine_and_stay_selected_in_the_form()
    {
        var page = await _client.GetPageAsync("/consultations?status=decided&year=2010&body=jprs");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal([DnsCert], TitlesOn(page));
        Assert.Equal("decided", page.Document.QuerySelector("#consultations-status option[selected]")!.GetAttribute("value"));
        Assert.Equal("2010", page.Document.QuerySelector("#consultations-year option[selected]")!.GetAttribute("value"));
        Assert.Equal("jprs", page.Document.QuerySelector("#consultations-body option[selected]")!.GetAttribute("value"));
        Assert.Equal("get", page.Document.QuerySelector("form.consultation-filters")!.GetAttribute("method"));
        Assert.Empty(page.Document.QuerySelectorAll(".validation-message"));
    }

    [Fact]
    public async Task The_body_filter_leaves_out_consultations_the_body_took_no_part_in()
    {
        var jprs = await _client.GetPageAsync("/consultations?body=jprs");
        var rssac = await _client.GetPageAsync("/consultations?body=rssac&year=2010");

        Assert.Equal(["Root Zone KSK Rollover Communication Plan", DnsCert], TitlesOn(jprs));
        Assert.Empty(TitlesOn(rssac));
        Assert.Contains("No consultation matches with these filters", rssac.TextOf("p.count"));
    }

    [Fact]
    public async Task Paging_says_page_x_of_y_and_its_links_keep_the_filters()
    {
        var first = await _client.GetPageAsync("/consultations?body=jprs&size=1");
        var next = first.Document.QuerySelector(".pager a[rel=next]")!.GetAttribute("href");
        var second = await _client.GetPageAsync("/" + next);

        Assert.Contains("Page 1 of 2", first.TextOf(".pager"));
        Assert.Equal("consultations?body=jprs&size=1&page=2", next);
        Assert.Equal([DnsCert], TitlesOn(second));
        Assert.Equal("consultations?body=jprs&size=1", second.Document.QuerySelector(".pager a[rel=prev]")!.GetAttribute("href"));
        Assert.Null(second.Document.QuerySelector(".pager a[rel=next]"));
    }

    [Theory]
    [InlineData("status=closed", "status")]
    [InlineData("year=twenty-ten", "year")]
    [InlineData("year=1800", "year")]
    [InlineData("body=no-such-body", "body")]
    [InlineData("body=%3Cscript%3E", "body")]
    [InlineData("size=0", "size")]
    [InlineData("size=1000", "size")]
    [InlineData("page=-1", "page")]
    public async Task A_bad_filter_value_gets_a_message_beside_its_field_and_the_list_still_shows(string query, string field)
    {
        var page = await _client.GetPageAsync("/consultations?" + query);

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.NotEmpty(page.TextOf($"#consultations-{field}-error"));
        Assert.Single(page.Document.QuerySelectorAll(".validation-message"));
        Assert.Contains(DnsCert, TitlesOn(page));
        if (field != "page")
            Assert.Equal($"consultations-{field}-error", page.Document.QuerySelector($"#consultations-{field}")!.GetAttribute("aria-describedby"));
    }

    [Fact]
    public async Task A_page_past_the_last_says_so_and_links_to_the_last()
    {
        var page = await _client.GetPageAsync("/consultations?year=2010&page=4");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("There is no page 4", page.Html);
        Assert.NotNull(page.Document.QuerySelector("a[href='consultations?year=2010']"));
    }

    [Fact]
    public async Task A_decided_consultation_shows_the_comments_per_section_the_review_stages_and_each_published_answer()
    {
        var page = await _client.GetPageAsync("/consultations/dns-cert-business-case-2010");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("ccNSO", page.TextOf("ol.sections ul.section-comments"));
        Assert.NotEmpty(page.Document.QuerySelectorAll("ul.section-comments a"));
        Assert.All(page.Document.QuerySelectorAll("ul.section-comments a"),
            a => Assert.StartsWith("consultations/dns-cert-business-case-2010/submissions/", a.GetAttribute("href")));
        Assert.Contains("Review reached the stage", page.TextOf("ol.timeline"));
        var answered = page.Document.QuerySelectorAll("ol.submissions > li:not(.withdrawn)");
        Assert.NotEmpty(answered);
        Assert.All(answered, li => Assert.Contains("Disposition:", li.QuerySelector("[data-testid=published-answer]")?.TextContent));
    }

    [Fact]
    public async Task An_open_consultation_shows_no_answer_and_home_links_each_recent_record()
    {
        var open = await _client.GetPageAsync("/consultations/ksk-rollover-communication-plan");
        var home = await _client.GetPageAsync("/");

        Assert.Empty(open.Document.QuerySelectorAll("[data-testid=published-answer]"));
        Assert.NotNull(home.Document.QuerySelector("section[aria-labelledby=records-heading] a[href='consultations/dns-cert-business-case-2010/record']"));
    }
}
