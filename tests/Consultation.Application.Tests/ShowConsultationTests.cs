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
        Assert.Equal([1, 1, 3, 3, 3, 1], sections.Select(s => s.CommentCount));
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
}
