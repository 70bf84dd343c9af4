using Consultation.Application.Features.Search;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Persistence.Sqlite;
using Consultation.Application.Search;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Bodies;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Search;

public sealed class SearchArchiveTests : SearchTestBase
{
    /// <summary>Every demo submission's text opens with this label, so it matches all twelve of them.</summary>
    private const string EveryDemoSubmission = "illustrative";

    [Fact]
    public async Task A_proposal_section_is_found_by_a_word_of_its_heading_and_links_to_the_section_on_its_consultation()
    {
        var result = await SearchAsync("landscape");

        var hit = Assert.Single(result.Hits);
        Assert.Equal(SearchArchive.HitKind.ProposalSection, hit.Kind);
        Assert.Equal("2 The DNS threat landscape", hit.Title);
        Assert.Equal($"/consultations/{Slugs.Decided}#section-2", hit.Link);
        // The heading is the title already: the snippet shows how the section's text begins.
        Assert.DoesNotContain(hit.Snippet, part => part.IsMatch);
        Assert.NotEmpty(hit.Snippet);
    }

    [Fact]
    public async Task A_new_submission_is_found_at_once_with_its_permanent_link_and_public_facts()
    {
        var receipt = await SubmitOpenAsync(People.Member, "Operators should rehearse the zephyrology of trust anchors.");

        var hit = Assert.Single((await SearchAsync("zephyrology")).Hits);
        Assert.Equal(SearchArchive.HitKind.Submission, hit.Kind);
        Assert.Equal(receipt.Permalink, hit.Link);
        Assert.Equal(Slugs.OpenForComment, hit.ConsultationSlug);
        Assert.Equal(Stance.SupportWithChanges, hit.Stance);
        Assert.Equal(receipt.SubmittedAt, hit.SubmittedAt);
        Assert.Null(hit.BodyName);
        Assert.Equal([new SnippetPart("zephyrology", true)], hit.Snippet.Where(p => p.IsMatch));
        await AssertIndexInStepAsync();
    }

    [Fact]
    public async Task A_blocking_objection_is_found_by_its_reason_and_shows_it()
    {
        var position = Position((await OpenAsync()).Id, text: "We cannot accept the plan as written.") with
        {
            Stance = Stance.Oppose, IsBlockingObjection = true, BlockingReason = "The plan omits the tapir procedure for emergencies.",
        };
        await SendAsync(position, People.Member);

        var hit = Assert.Single((await SearchAsync("tapir")).Hits);
        Assert.Equal("tapir", Assert.Single(hit.Snippet, p => p.IsMatch).Text);
        Assert.Contains("omits the", string.Concat(hit.Snippet.Select(p => p.Text)));
    }

    /// <summary>
    /// The trigger that indexes a new version reads its reason and text from the version itself, and unindexes the old
    /// one from the version the document names: whether a reason comes or goes, the index agrees with the texts it indexes.
    /// </summary>
    [Fact]
    public async Task A_revision_that_withdraws_or_gives_a_blocking_reason_is_indexed_as_its_text_stands()
    {
        var blocking = Position((await OpenAsync()).Id, text: "We cannot accept the plan as written.") with
        {
            Stance = Stance.Oppose, IsBlockingObjection = true, BlockingReason = "The plan omits the tapir procedure.",
        };
        var receipt = await SendAsync(blocking, People.Member);

        await SendAsync(Revision(receipt.SubmissionId, "We can accept the plan once the okapi annex is added."), People.Member);
        Assert.Empty((await SearchAsync("tapir")).Hits);
        Assert.Single((await SearchAsync("okapi")).Hits);
        await AssertIndexInStepAsync();

        await SendAsync(Revision(receipt.SubmissionId, "We cannot accept the plan after all.") with
        {
            Stance = Stance.Oppose, IsBlockingObjection = true, BlockingReason = "The plan omits the quagga procedure.",
        }, People.Member);
        Assert.Empty((await SearchAsync("okapi")).Hits);
        Assert.Equal("quagga", Assert.Single(Assert.Single((await SearchAsync("quagga")).Hits).Snippet, p => p.IsMatch).Text);
        await AssertIndexInStepAsync();
    }

    [Theory]
    [InlineData("reseau")]
    [InlineData("RÉSEAU")]
    [InlineData("réseau")]
    public async Task Accents_do_not_matter(string typed)
    {
        await SubmitOpenAsync(People.Member, "Le réseau des registres doit être consulté.");

        var hit = Assert.Single((await SearchAsync(typed)).Hits);
        Assert.Equal([new SnippetPart("réseau", true)], hit.Snippet.Where(p => p.IsMatch));
    }

    [Fact]
    public async Task An_exact_phrase_finds_the_words_only_in_that_order()
    {
        var inOrder = await SubmitOpenAsync(People.Member, "We ask for a quokka lantern at every signing ceremony.");
        await SubmitOpenAsync(People.Member, "A lantern is no quokka, whatever the ceremony.");

        var phrase = await SearchAsync("\"quokka lantern\"");
        var words = await SearchAsync("quokka lantern");

        Assert.Equal([inOrder.Permalink], phrase.Hits.Select(h => h.Link));
        Assert.Equal(2, words.Total);
    }

    [Fact]
    public async Task A_prefix_alternatives_and_a_left_out_word_narrow_as_typed()
    {
        var first = await SubmitOpenAsync(People.Member, "Hyperbolic timelines help nobody.");
        var second = await SubmitOpenAsync(People.Member, "Hyperbole and a cassowary.");
        var third = await SubmitOpenAsync(People.Member, "A cassowary and a wombat.");

        Assert.Equal(2, (await SearchAsync("hyperbol*")).Total);
        Assert.Equal(3, (await SearchAsync("hyperbolic OR cassowary")).Total);
        Assert.Equal(new[] { second.Permalink, third.Permalink }.Order(), (await SearchAsync("cassowary")).Hits.Select(h => h.Link).Order());
        Assert.Equal([third.Permalink], (await SearchAsync("cassowary -hyperbole")).Hits.Select(h => h.Link));
        Assert.Equal([first.Permalink], (await SearchAsync("hyperbol* -cassowary")).Hits.Select(h => h.Link));
    }

    [Theory]
    [InlineData("\"unbalanced")]
    [InlineData("NEAR(")]
    [InlineData("NEAR(dns cert)")]
    [InlineData("AND")]
    [InlineData("dns AND cert")]
    [InlineData("NOT cert")]
    [InlineData("*")]
    [InlineData("-")]
    [InlineData(":")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("OR")]
    [InlineData("dns OR")]
    [InlineData("(dns)")]
    [InlineData("-cert")]
    [InlineData("\"...\"")]
    [InlineData("sec*rity")]
    public async Task Search_syntax_it_cannot_read_gets_a_message_for_the_search_field(string typed)
    {
        var messages = await AssertInvalidAsync(nameof(SearchArchive.Query.Text), () => SearchAsync(typed));

        Assert.All(messages, message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Theory]
    [InlineData("title:dns")]
    [InlineData("^dns")]
    [InlineData("+dns {cert}")]
    [InlineData("DNS-CERT")]
    [InlineData("\"NEAR(dns\" \"AND\"")]
    [InlineData("dns\u0000cert")]
    [InlineData("l'opérateur")]
    [InlineData("\"rank\" MATCH")]
    [InlineData("SearchText")]
    [InlineData("dns 🔍cert")]
    public async Task Whatever_else_is_typed_is_searched_for_as_words(string typed)
    {
        var result = await SearchAsync(typed);

        Assert.True(result.Searched);
    }

    [Fact]
    public async Task The_consultation_filter_keeps_its_submissions_and_sections_only()
    {
        var all = await SearchAsync(EveryDemoSubmission);
        var decided = await SearchAsync(EveryDemoSubmission, consultation: Slugs.Decided);

        Assert.Equal(12, all.Total);
        Assert.Equal(6, decided.Total);
        Assert.All(decided.Hits, hit => Assert.Equal(Slugs.Decided, hit.ConsultationSlug));
        Assert.Equal(0, (await SearchAsync(EveryDemoSubmission, consultation: "no-such-consultation")).Total);
    }

    [Fact]
    public async Task The_stance_filter_keeps_submissions_taking_that_stance()
    {
        var oppose = await SearchAsync(EveryDemoSubmission, stance: Stance.Oppose);

        var hit = Assert.Single(oppose.Hits);
        Assert.Equal((Stance.Oppose, "CENTR", Slugs.ReplyPeriod), (hit.Stance!.Value, hit.BodyName!, hit.ConsultationSlug));
    }

    [Fact]
    public async Task The_kind_filter_keeps_positions_of_that_kind_of_body_and_leaves_sections_out()
    {
        var registries = await SearchAsync(EveryDemoSubmission, kind: BodyKind.Registry);
        var sections = await SearchAsync("dns", kind: BodyKind.Registry);

        Assert.Equal(4, registries.Total);
        Assert.All(registries.Hits, hit => Assert.Equal(BodyKind.Registry, hit.BodyKind));
        Assert.DoesNotContain(sections.Hits, hit => hit.Kind == SearchArchive.HitKind.ProposalSection);
    }

    [Fact]
    public async Task The_body_filter_keeps_that_bodys_positions()
    {
        var jprs = await SearchAsync(EveryDemoSubmission, body: "jprs");

        Assert.Equal(2, jprs.Total);
        Assert.All(jprs.Hits, hit => Assert.Equal("JPRS", hit.BodyName));
    }

    [Fact]
    public async Task The_date_range_keeps_submissions_made_on_those_UTC_days_both_included()
    {
        var submitted = await SubmitOpenAsync(People.Member, "A numbat arrives on the day of the test.");
        var day = DateOnly.FromDateTime(submitted.SubmittedAt.UtcDateTime);

        Assert.Equal(6, (await SearchAsync(EveryDemoSubmission, from: new DateOnly(2010, 1, 1), to: new DateOnly(2010, 12, 31))).Total);
        Assert.Equal(1, (await SearchAsync("numbat", from: day, to: day)).Total);
        Assert.Equal(0, (await SearchAsync("numbat", from: day.AddDays(1))).Total);
        Assert.Equal(0, (await SearchAsync("numbat", to: day.AddDays(-1))).Total);
        await AssertInvalidAsync(nameof(SearchArchive.Query.To), () => SearchAsync("numbat", from: day, to: day.AddDays(-1)));
    }

    [Fact]
    public async Task Results_come_a_page_at_a_time_without_overlap()
    {
        for (var i = 0; i < SearchArchive.PageSize + 3; i++)
            await SubmitOpenAsync(People.Member, $"Pangolin number {i} asks for paging.");

        var first = await SearchAsync("pangolin");
        var second = await SearchAsync("pangolin", page: 2);
        var beyond = await SearchAsync("pangolin", page: 3);

        Assert.Equal((SearchArchive.PageSize + 3, 2), (first.Total, first.PageCount));
        Assert.Equal(SearchArchive.PageSize, first.Hits.Count);
        Assert.Equal(3, second.Hits.Count);
        Assert.Empty(first.Hits.Select(h => h.Link).Intersect(second.Hits.Select(h => h.Link)));
        Assert.Empty(beyond.Hits);
    }

    [Fact]
    public async Task Best_match_puts_a_text_about_the_words_above_a_newer_one_that_mentions_them_in_passing()
    {
        var about = await SubmitOpenAsync(People.Member, "Axolotl, axolotl, axolotl: the axolotl is our whole concern.");
        var passing = await SubmitOpenAsync(People.Member,
            "Our comment covers staffing, funding, governance, reporting lines, the scope of work, regional outreach, "
            + "language support and, in passing, the axolotl question, before returning to funding and staffing at length.");

        var best = (await SearchAsync("axolotl", order: SearchOrder.BestMatch)).Hits;
        var newest = (await SearchAsync("axolotl")).Hits;

        Assert.Equal([about.Permalink, passing.Permalink], best.Select(h => h.Link));
        Assert.Equal([passing.Permalink, about.Permalink], newest.Select(h => h.Link));
    }

    [Fact]
    public async Task Newest_first_puts_a_revised_submission_first_by_the_time_of_its_new_version()
    {
        var revised = await SubmitOpenAsync(People.Member, "The tapir needs a funding model.");
        var later = await SubmitOpenAsync(People.Member, "The tapir needs a charter first.");
        Assert.Equal([later.Permalink, revised.Permalink], (await SearchAsync("tapir")).Hits.Select(h => h.Link));

        await SendAsync(Revision(revised.SubmissionId, "The tapir needs a funding model, reviewed yearly."), People.Member);

        Assert.Equal([revised.Permalink, later.Permalink], (await SearchAsync("tapir")).Hits.Select(h => h.Link));
        await AssertIndexInStepAsync();
    }

    [Fact]
    public async Task A_list_goes_as_far_as_the_result_limit_and_is_counted_that_far()
    {
        var submitted = new List<SubmissionReceipt>();
        for (var i = 0; i < 7; i++) submitted.Add(await SubmitOpenAsync(People.Member, $"Quokka number {i} on the limits of a list."));
        var index = new SqliteSearchIndex(resultLimit: 5);
        await using var db = App.NewDbContext();
        Task<SearchIndexPage> Page(string words, int skip, int take, bool count = true) =>
            index.SearchAsync(db, SearchTerms.Parse(words), new SearchFilter(), SearchOrder.Newest, skip, take, count, CancellationToken.None);

        var first = await Page("quokka", 0, 3);
        var last = await Page("quokka", 3, 3);
        var beyond = await Page("quokka", 5, 3);
        var uncounted = await Page("quokka", 0, 3, count: false);
        var few = await Page("quokka \"number 6\" OR \"number 5\" OR \"number 4\"", 0, 3);

        Assert.Equal((5, true, true), (first.Total, first.Uncounted, first.More));
        Assert.Equal(submitted[^3..].Select(r => (Guid?)r.SubmissionId).Reverse(), first.Matches.Select(m => m.SubmissionId));
        Assert.Equal((2, false), (last.Matches.Count, last.More));
        Assert.Equal(submitted[2..4].Select(r => (Guid?)r.SubmissionId).Reverse(), last.Matches.Select(m => m.SubmissionId));
        Assert.Equal((0, false), (beyond.Matches.Count, beyond.More));
        Assert.Equal((null, 3, true), (uncounted.Total, uncounted.Matches.Count, uncounted.More));
        Assert.Equal((3, false, false), (few.Total, few.Uncounted, few.More));
    }

    [Fact]
    public async Task A_beginning_is_spelled_out_as_the_words_the_index_holds_and_finds_what_the_prefix_finds()
    {
        await SubmitOpenAsync(People.Member, "The gnu hyperbolic, gnuhyperbole and gnuhyper words.");
        await SubmitOpenAsync(People.Member, "Zebu words: " + string.Join(" ", Enumerable.Range(1, SqliteSearchIndex.MaxSpelledOut + 1).Select(i => $"zebu{i}")));
        await SubmitOpenAsync(People.Member, "Le réseau des gnus.");
        await using var db = App.NewDbContext();
        await db.Database.OpenConnectionAsync();
        var connection = (Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection();
        Task<string> Match(string words) => SqliteSearchIndex.MatchAsync(connection, null, SearchTerms.Parse(words), CancellationToken.None);

        Assert.Equal("""("gnuhyper" OR "gnuhyperbole")""", await Match("GNUHYPER*"));
        Assert.Equal("""("gnu") NOT (("gnuhyper" OR "gnuhyperbole"))""", await Match("gnu -gnuhyper*"));
        Assert.Equal("\"zebu\"*", await Match("zebu*"));          // more words than are spelled out: FTS5's own prefix query
        Assert.Equal("\"résea\"*", await Match("résea*"));        // not plain ASCII: the tokenizer's folding decides
        Assert.Equal("\"gnuzzz\"*", await Match("gnuzzz*"));      // no such word: finds nothing either way
        Assert.Equal("\"gn\"*", await Match("gn*"));              // too short to look up: FTS5's own prefix query
        Assert.Equal(1, (await SearchAsync("GNUHYPER*")).Total);
        Assert.Equal(1, (await SearchAsync("zebu*")).Total);
        Assert.Equal(1, (await SearchAsync("resea*")).Total);
        Assert.Equal(0, (await SearchAsync("gnu* -gnuhyper* -gnus")).Total);
    }

    [Fact]
    public async Task A_revision_replaces_the_text_in_the_index()
    {
        var receipt = await SubmitOpenAsync(People.Member, "The xylophone is out of tune.");
        await SendAsync(Revision(receipt.SubmissionId, "The marimba is out of tune."), People.Member);

        var hit = Assert.Single((await SearchAsync("marimba")).Hits);
        Assert.Equal(0, (await SearchAsync("xylophone")).Total);
        Assert.Equal(Stance.Concerns, hit.Stance);
        Assert.Equal(1, (await SearchAsync("marimba", stance: Stance.Concerns)).Total);
        Assert.Equal(0, (await SearchAsync("marimba", stance: Stance.SupportWithChanges)).Total);
        await AssertIndexInStepAsync();
    }

    [Fact]
    public async Task A_withdrawn_submission_is_still_found_marked_withdrawn_as_its_permanent_link_shows_it()
    {
        var receipt = await SubmitOpenAsync(People.Member, "The okapi position, soon withdrawn.");
        await SendAsync(new WithdrawSubmission.Command(receipt.SubmissionId, "Said better by others."), People.Member);

        var hit = Assert.Single((await SearchAsync("okapi")).Hits);
        Assert.True(hit.IsWithdrawn);
        await AssertIndexInStepAsync();
    }

    [Fact]
    public async Task A_draft_is_never_found()
    {
        await SendAsync(Draft((await OpenAsync()).Id, "A private draft about the quetzal."), People.Member);

        Assert.Equal(0, (await SearchAsync("quetzal")).Total);
    }

    [Fact]
    public async Task The_demo_data_is_indexed_in_step_with_its_rows()
    {
        await AssertIndexInStepAsync();
        Assert.Equal(12, (await SearchAsync(EveryDemoSubmission)).Total);
    }

    [Fact]
    public async Task Without_words_nothing_is_searched_and_the_form_gets_its_choices()
    {
        var result = await SearchAsync(null!);

        Assert.False(result.Searched);
        Assert.Equal(3, result.Consultations.Count);
        Assert.Contains(result.Bodies, body => body is { Slug: "jprs", Name: "JPRS" });
    }
}
