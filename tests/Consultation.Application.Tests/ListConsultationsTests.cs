using Consultation.Application.Features.Consultations;
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
}
