using System.Text.Json;
using Consultation.Application.Features.Consultations;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;

namespace Consultation.Application.Tests;

public sealed class ShowConsultationTests(AppHarness app) : IClassFixture<AppHarness>
{
    private static readonly DateTimeOffset OriginalClose = Utc(2010, 3, 29, 23, 59);

    private Task<ShowConsultation.Result> DnsCertAsync() => app.SendAsync(new ShowConsultation.Query(Slugs.Decided));

    private static DateTimeOffset Utc(int year, int month, int day, int hour, int minute) => new(year, month, day, hour, minute, 0, TimeSpan.Zero);

    [Fact]
    public async Task Dns_cert_shows_its_six_numbered_sections_in_order_with_their_comment_counts()
    {
        var sections = (await DnsCertAsync()).Proposal.Sections;

        Assert.Equal(["1", "2", "3", "4", "5", "6"], sections.Select(s => s.Number));
        Assert.Equal("Purpose of the business case", sections[0].Heading);
        Assert.Equal([1, 1, 3, 3, 4, 1], sections.Select(s => s.CommentCount)); // ISOC's revision cites section 5 too
    }

    [Fact]
    public async Task Dns_cert_timeline_shows_the_extension_and_the_record_publication_in_order()
    {
        var result = await DnsCertAsync();

        Assert.Equal((OriginalClose, Utc(2010, 4, 14, 23, 59)), (result.OriginalClosesAt, result.ClosesAt));
        var extension = Assert.Single(result.Timeline, e => e.Kind == TimelineEventKind.DeadlineExtended);
        Assert.Contains("from 2010-03-29 23:59 UTC to 2010-04-14 23:59 UTC", extension.Description);
        var published = Assert.Single(result.Timeline, e => e.Kind == TimelineEventKind.RecordPublished);
        Assert.Equal(Utc(2010, 6, 15, 12, 0), published.At);
        Assert.Equal(result.Timeline.OrderBy(e => e.At), result.Timeline);
        Assert.All(result.Timeline, e => Assert.True(e.IsPast));
    }

    [Fact]
    public async Task Dns_cert_submissions_name_their_bodies_and_mark_the_late_ones_and_the_blocking_objection()
    {
        var submissions = (await DnsCertAsync()).Submissions;

        Assert.Equal(["ccNSO", "JPRS", "ISOC", "CENTR", null, "FIRST"], submissions.Select(s => s.BodyName));
        Assert.Equal([null, "FIRST"], submissions.Where(s => s.IsLate).Select(s => s.BodyName));
        Assert.All(submissions, s => Assert.Equal(s.SubmittedAt > OriginalClose, s.IsLate));
        var blocking = Assert.Single(submissions, s => s.IsBlockingObjection);
        Assert.Equal(("ccNSO", new DateOnly(2010, 3, 11)), (blocking.BodyName, blocking.RatifiedOn));
        Assert.Equal("Mika Member (demo)", submissions.Single(s => s.BodyName is null).AuthorName);
    }

    [Fact]
    public async Task Dns_cert_record_designates_divergence()
    {
        var result = await DnsCertAsync();

        Assert.Equal(ConsultationStatus.Decided, result.Status);
        Assert.NotNull(result.Record);
        Assert.Equal((1, ConsensusLevel.Divergence), (result.Record.Version, result.Record.Level));
    }

    [Fact]
    public async Task An_unknown_slug_is_not_found()
    {
        var missing = await Assert.ThrowsAsync<NotFoundException>(() => app.SendAsync(new ShowConsultation.Query("no-such-consultation")));
        Assert.Contains("/consultations/no-such-consultation", missing.Message);
    }

    [Theory]
    [InlineData(Slugs.Decided)]
    [InlineData(Slugs.OpenForComment)]
    [InlineData(Slugs.ReplyPeriod)]
    public async Task No_email_address_appears_anywhere_in_what_a_reader_is_shown(string slug)
    {
        var json = JsonSerializer.Serialize(await app.SendAsync(new ShowConsultation.Query(slug)));

        Assert.Contains("(demo)", json); // authors are shown, by their display names
        Assert.DoesNotContain("@demo.example", json);
    }

    [Fact]
    public async Task Dns_cert_timeline_shows_each_review_stage_reached_before_the_record()
    {
        var result = await DnsCertAsync();

        var stages = result.Timeline.Where(e => e.Kind == TimelineEventKind.ReviewStageReached).ToList();
        Assert.Equal(5, stages.Count);
        Assert.All(stages, e => Assert.StartsWith("Review reached the stage \"", e.Description));
        var record = result.Timeline.Single(e => e.Kind == TimelineEventKind.RecordPublished);
        Assert.All(stages, e => Assert.True(e.At <= record.At));
        Assert.Equal(result.Timeline.OrderBy(e => e.At), result.Timeline);
    }

    [Fact]
    public async Task Open_consultation_has_no_review_stage_in_its_timeline_yet()
    {
        var result = await app.SendAsync(new ShowConsultation.Query(Slugs.OpenForComment));

        Assert.DoesNotContain(result.Timeline, e => e.Kind == TimelineEventKind.ReviewStageReached);
    }

    [Fact]
    public async Task Each_section_lists_the_comments_that_cite_it_as_many_as_it_counts()
    {
        var sections = (await DnsCertAsync()).Proposal.Sections;

        Assert.All(sections, s => Assert.Equal(s.CommentCount, s.Comments.Count));
        Assert.Contains("ccNSO", sections.SelectMany(s => s.Comments).Select(c => c.Label));
        var submissions = (await DnsCertAsync()).Submissions.ToDictionary(s => s.Id);
        Assert.All(sections.SelectMany(s => s.Comments), c => Assert.Equal(submissions[c.SubmissionId].Stance, c.Stance));
    }

    [Fact]
    public async Task Submissions_carry_the_chairs_answer_once_published_and_none_before()
    {
        var decided = await DnsCertAsync();
        var open = await app.SendAsync(new ShowConsultation.Query(Slugs.OpenForComment));

        Assert.All(decided.Submissions.Where(s => !s.IsWithdrawn), s =>
        {
            Assert.NotNull(s.Disposition);
            Assert.False(string.IsNullOrWhiteSpace(s.Response?.Value));
        });
        Assert.All(open.Submissions, s => Assert.Equal((null, null), (s.Disposition, s.Response)));
    }

    [Fact]
    public async Task The_proposal_lists_its_versions_and_marks_the_one_put_out()
    {
        var proposal = (await DnsCertAsync()).Proposal;

        var only = Assert.Single(proposal.Versions);
        Assert.True(only.IsPutOut);
        Assert.Equal(proposal.VersionLabel, only.Label);
    }
}
