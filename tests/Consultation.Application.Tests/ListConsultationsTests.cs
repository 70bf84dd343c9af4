using Consultation.Application.Features.Consultations;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consultations;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests;

public sealed class ListConsultationsTests(AppHarness app) : IClassFixture<AppHarness>
{
    [Theory]
    [InlineData(ConsultationStatus.Decided, Slugs.Decided)]
    [InlineData(ConsultationStatus.OpenForComment, Slugs.OpenForComment)]
    [InlineData(ConsultationStatus.ReplyPeriod, Slugs.ReplyPeriod)]
    [InlineData(ConsultationStatus.Upcoming)]
    [InlineData(ConsultationStatus.InReview)]
    public async Task Status_filter_lists_only_the_consultations_in_that_status_at_the_clock(ConsultationStatus status, params string[] expected)
    {
        var result = await app.SendAsync(new ListConsultations.Query(status));

        Assert.Equal(expected, result.Items.Select(i => i.Slug));
        Assert.Equal(expected.Length, result.Total);
        Assert.All(result.Items, item => Assert.Equal(status, item.Status));
    }

    [Fact]
    public async Task Pages_hold_the_newest_consultations_first_and_count_the_pages()
    {
        var first = await app.SendAsync(new ListConsultations.Query(PageSize: 2));
        var second = await app.SendAsync(new ListConsultations.Query(Page: 2, PageSize: 2));

        Assert.Equal([Slugs.OpenForComment, Slugs.ReplyPeriod], first.Items.Select(i => i.Slug));
        Assert.Equal([Slugs.Decided], second.Items.Select(i => i.Slug));
        Assert.All([first, second], page => Assert.Equal((3, 2), (page.Total, page.PageCount)));
    }

    [Fact]
    public async Task Items_carry_submission_counts_conveners_and_extensions()
    {
        var items = (await app.SendAsync(new ListConsultations.Query())).Items.ToDictionary(i => i.Slug);

        Assert.Equal((6, null, true), (items[Slugs.Decided].SubmissionCount, items[Slugs.Decided].ConvenerName, items[Slugs.Decided].WasExtended));
        Assert.Equal((2, "RSSAC", false), (items[Slugs.OpenForComment].SubmissionCount, items[Slugs.OpenForComment].ConvenerName, items[Slugs.OpenForComment].WasExtended));
        Assert.Equal((4, "GNSO", false), (items[Slugs.ReplyPeriod].SubmissionCount, items[Slugs.ReplyPeriod].ConvenerName, items[Slugs.ReplyPeriod].WasExtended));
    }

    [Fact]
    public async Task Submission_counts_leave_out_withdrawn_submissions()
    {
        await using var own = await AppHarness.StartAsync();
        async Task<int> CountAsync() => (await own.SendAsync(new ListConsultations.Query())).Items.Single(i => i.Slug == Slugs.OpenForComment).SubmissionCount;
        Assert.Equal(2, await CountAsync());

        await using (var db = own.NewDbContext())
        {
            var consultation = await db.Consultations.SingleAsync(c => c.Slug == Slugs.OpenForComment);
            var submission = await db.Submissions.FirstAsync(s => s.ConsultationId == consultation.Id);
            submission.Withdraw(submission.AuthorId, consultation, "Changed my mind.", own.Clock.GetUtcNow());
            await db.SaveChangesAsync();
        }

        Assert.Equal(1, await CountAsync());
    }

    [Fact]
    public async Task Status_filter_selects_exactly_what_the_domain_rule_says_as_the_clock_moves_across_every_boundary()
    {
        await using var db = app.NewDbContext();
        var consultations = await db.Consultations.AsNoTracking().ToListAsync();
        var instants = consultations
            .SelectMany(c => new[] { c.OpensAt, c.OriginalClosesAt, c.ClosesAt, c.ReplyOpensAt, c.ReplyClosesAt, c.DecidedAt })
            .OfType<DateTimeOffset>()
            .SelectMany(at => new[] { at.AddTicks(-1), at, at.AddTicks(1) })
            .Distinct().Order().ToList();
        var statusesSeen = new HashSet<ConsultationStatus>();
        try
        {
            foreach (var instant in instants)
            {
                app.Clock.AdjustTime(instant);
                var now = app.Clock.GetUtcNow();
                foreach (var status in Enum.GetValues<ConsultationStatus>())
                {
                    var expected = consultations.Where(c => c.StatusAt(now) == status).Select(c => c.Slug).Order().ToList();
                    var selected = (await db.Consultations.Where(ConsultationStatusFilter.Is(status, now)).Select(c => c.Slug).ToListAsync()).Order();
                    Assert.True(expected.SequenceEqual(selected),
                        $"{status} at {now:O}: the rule says [{string.Join(", ", expected)}], the filter selects [{string.Join(", ", selected)}].");
                    if (expected.Count > 0) statusesSeen.Add(status);
                }
            }
        }
        finally
        {
            app.Clock.AdjustTime(AppHarness.SeededAt);
        }

        Assert.Equal(Enum.GetValues<ConsultationStatus>().ToHashSet(), statusesSeen);
    }

    [Theory]
    [InlineData(2010, Slugs.Decided)]
    [InlineData(2026, Slugs.OpenForComment, Slugs.ReplyPeriod)]
    [InlineData(2011)]
    public async Task Year_filter_lists_the_consultations_that_opened_that_year_in_UTC(int year, params string[] expected)
    {
        var result = await app.SendAsync(new ListConsultations.Query(Year: year));

        Assert.Equal(expected, result.Items.Select(i => i.Slug));
        Assert.Equal(expected.Length, result.Total);
    }

    [Theory]
    [InlineData("jprs", Slugs.OpenForComment, Slugs.Decided)]
    [InlineData("rssac", Slugs.OpenForComment)]
    [InlineData("gnso", Slugs.ReplyPeriod)]
    [InlineData("first", Slugs.ReplyPeriod, Slugs.Decided)]
    [InlineData("gac")]
    public async Task Body_filter_lists_the_consultations_the_body_convened_or_put_a_position_on(string body, params string[] expected)
    {
        var result = await app.SendAsync(new ListConsultations.Query(Body: body));

        Assert.Equal(expected, result.Items.Select(i => i.Slug));
        Assert.Equal(expected.Length, result.Total);
    }

    [Theory]
    [InlineData(ConsultationStatus.OpenForComment, null, "jprs", Slugs.OpenForComment)]
    [InlineData(ConsultationStatus.Decided, 2010, "jprs", Slugs.Decided)]
    [InlineData(ConsultationStatus.Decided, 2026, "jprs")]
    [InlineData(ConsultationStatus.ReplyPeriod, 2026, "centr", Slugs.ReplyPeriod)]
    [InlineData(null, 2026, "centr", Slugs.ReplyPeriod)]
    [InlineData(null, 2010, "rssac")]
    public async Task Filters_combine_so_that_every_one_applies(ConsultationStatus? status, int? year, string body, params string[] expected)
    {
        var result = await app.SendAsync(new ListConsultations.Query(status, Year: year, Body: body));

        Assert.Equal(expected, result.Items.Select(i => i.Slug));
        Assert.Equal(expected.Length, result.Total);
    }

    [Fact]
    public async Task Paging_a_filtered_list_counts_only_what_matches_and_a_page_past_the_end_is_empty()
    {
        var first = await app.SendAsync(new ListConsultations.Query(Year: 2026, PageSize: 1));
        var last = await app.SendAsync(new ListConsultations.Query(Year: 2026, Page: 2, PageSize: 1));
        var past = await app.SendAsync(new ListConsultations.Query(Year: 2026, Page: 3, PageSize: 1));
        var exact = await app.SendAsync(new ListConsultations.Query(Year: 2026, PageSize: 2));

        Assert.Equal([Slugs.OpenForComment], first.Items.Select(i => i.Slug));
        Assert.Equal([Slugs.ReplyPeriod], last.Items.Select(i => i.Slug));
        Assert.Empty(past.Items);
        Assert.All([first, last, past], page => Assert.Equal((2, 2), (page.Total, page.PageCount)));
        Assert.Equal((2, 1), (exact.Items.Count, exact.PageCount));
    }

    [Fact]
    public async Task Nothing_matching_is_zero_pages_not_an_error()
    {
        var result = await app.SendAsync(new ListConsultations.Query(ConsultationStatus.Upcoming, Year: 2010));

        Assert.Equal((0, 0), (result.Total, result.PageCount));
        Assert.Empty(result.Items);
    }

    [Theory]
    [InlineData(1899, null, nameof(ListConsultations.Query.Year))]
    [InlineData(3000, null, nameof(ListConsultations.Query.Year))]
    [InlineData(null, "Not_A_Slug", nameof(ListConsultations.Query.Body))]
    [InlineData(null, "no-such-body", nameof(ListConsultations.Query.Body))]
    public async Task A_bad_year_or_body_is_refused_with_a_message_for_that_field(int? year, string? body, string field)
    {
        var invalid = await Assert.ThrowsAsync<InputInvalidException>(() => app.SendAsync(new ListConsultations.Query(Year: year, Body: body)));

        Assert.Equal([field], invalid.Errors.Keys);
        Assert.All(invalid.Errors[field], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public async Task Filter_choices_offer_every_year_from_the_first_opening_to_the_last_and_the_bodies_that_took_part()
    {
        var choices = await app.SendAsync(new ConsultationFilterChoices.Query());

        Assert.Equal(Enumerable.Range(2010, 17).Reverse(), choices.Years);
        var bodies = choices.Bodies.Select(b => b.Slug).ToList();
        Assert.Equal(["ccnso", "centr", "first", "gnso", "isoc", "jprs", "rssac"], bodies.Order());
        Assert.Equal(choices.Bodies.Select(b => b.Name).Order(StringComparer.OrdinalIgnoreCase), choices.Bodies.Select(b => b.Name));
    }

    [Fact]
    public async Task Decided_consultations_come_by_their_record_the_latest_first_not_by_their_opening()
    {
        await using var own = await AppHarness.StartAsync();
        await using (var db = own.NewDbContext())
        {
            var consultations = await db.Consultations.ToDictionaryAsync(c => c.Slug);
            consultations[Slugs.OpenForComment].MarkDecided(consultations[Slugs.OpenForComment].ClosesAt.AddDays(8));
            consultations[Slugs.ReplyPeriod].MarkDecided(consultations[Slugs.ReplyPeriod].ReplyClosesAt!.Value.AddDays(60));
            await db.SaveChangesAsync();
        }
        own.Clock.AdjustTime(AppHarness.SeededAt.AddYears(1));

        var decided = await own.SendAsync(new ListConsultations.Query(ConsultationStatus.Decided));
        var all = await own.SendAsync(new ListConsultations.Query());

        Assert.Equal([Slugs.ReplyPeriod, Slugs.OpenForComment, Slugs.Decided], decided.Items.Select(i => i.Slug));
        Assert.Equal([Slugs.OpenForComment, Slugs.ReplyPeriod, Slugs.Decided], all.Items.Select(i => i.Slug));
    }
}
