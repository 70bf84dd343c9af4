using Consultation.Domain.Consultations;
using Microsoft.Extensions.Time.Testing;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public class ConsultationPeriodTests
{
    [Fact]
    public void Comment_period_of_exactly_21_days_is_accepted()
    {
        var consultation = Proceeding(Opens.AddDays(21));
        Assert.Equal(Opens.AddDays(21), consultation.ClosesAt);
        Assert.Equal(consultation.ClosesAt, consultation.OriginalClosesAt);
    }

    [Fact]
    public void Comment_period_shorter_than_21_days_is_refused()
    {
        var refusal = Refused("comment-period-minimum", () => Proceeding(Opens.AddDays(21).AddTicks(-1)));
        Assert.Contains("21 days", refusal.Message);
    }

    [Fact]
    public void Comment_period_instants_must_be_utc()
    {
        var tokyoClose = new DateTimeOffset(2010, 3, 29, 9, 0, 0, TimeSpan.FromHours(9));
        Refused("utc-instants", () => new PublicConsultation("dns-cert", "DNS-CERT", null, Guid.NewGuid(), null, Opens, tokyoClose));
    }

    [Fact]
    public void Consultation_needs_a_valid_slug_and_title()
    {
        Refused("slug-format", () => new PublicConsultation("DNS CERT", "DNS-CERT", null, Guid.NewGuid(), null, Opens, OriginalClose));
        Refused("consultation-title", () => new PublicConsultation("dns-cert", " ", null, Guid.NewGuid(), null, Opens, OriginalClose));
    }

    [Fact]
    public void Status_is_derived_from_the_clock_through_the_whole_proceeding()
    {
        var consultation = WithReplyPeriod();
        var clock = new FakeTimeProvider(Utc(2, 1));
        ConsultationStatus Now() => consultation.StatusAt(clock.GetUtcNow());

        Assert.Equal(ConsultationStatus.Upcoming, Now());
        clock.SetUtcNow(Opens);
        Assert.Equal(ConsultationStatus.OpenForComment, Now());
        clock.SetUtcNow(OriginalClose);
        Assert.Equal(ConsultationStatus.OpenForComment, Now()); // the extension keeps it open
        clock.SetUtcNow(ExtendedClose);
        Assert.Equal(ConsultationStatus.ReplyPeriod, Now());
        clock.SetUtcNow(ReplyCloses);
        Assert.Equal(ConsultationStatus.InReview, Now());

        consultation.MarkDecided(AfterReplies);
        Assert.Equal(ConsultationStatus.InReview, Now());
        clock.SetUtcNow(AfterReplies);
        Assert.Equal(ConsultationStatus.Decided, Now());
    }

    [Fact]
    public void Without_a_reply_period_the_close_leads_straight_to_review()
    {
        var consultation = Proceeding();
        Assert.Equal(ConsultationStatus.OpenForComment, consultation.StatusAt(OriginalClose.AddTicks(-1)));
        Assert.Equal(ConsultationStatus.InReview, consultation.StatusAt(OriginalClose));
        Assert.False(consultation.HasReplyPeriod);
    }

    [Fact]
    public void Comments_inside_an_extension_are_late_and_earlier_ones_are_not()
    {
        var consultation = Extended();

        Assert.False(consultation.IsLateAt(DuringComments));
        Assert.True(consultation.IsLateAt(OriginalClose));
        Assert.True(consultation.IsLateAt(DuringExtension));
        Assert.False(consultation.IsLateAt(ExtendedClose)); // closed: not late, refused
    }

    [Fact]
    public void Extension_moves_the_close_and_records_the_reason()
    {
        var consultation = Proceeding();

        var change = consultation.Extend(ExtendedClose, "  More time requested by the community ", Chair, ExtendedOn);

        Assert.Equal(ExtendedClose, consultation.ClosesAt);
        Assert.Equal(OriginalClose, consultation.OriginalClosesAt);
        Assert.Equal(DeadlineChangeKind.Extension, change.Kind);
        Assert.Equal(OriginalClose, change.PreviousClose);
        Assert.Equal(ExtendedClose, change.NewClose);
        Assert.Equal("More time requested by the community", change.Reason);
        Assert.Equal(Chair, change.ChangedBy);
        Assert.Equal(ExtendedOn, change.ChangedAt);
        Assert.Equal(consultation.Id, change.ConsultationId);
        Assert.Same(change, Assert.Single(consultation.DeadlineChanges));
    }

    [Fact]
    public void Extension_must_move_the_close_later()
    {
        var consultation = Proceeding();
        var refusal = Refused("extension-moves-later", () => consultation.Extend(OriginalClose, "No change", Chair, ExtendedOn));
        Assert.Contains("2010-03-29", refusal.Message);
        Assert.Empty(consultation.DeadlineChanges);
    }

    [Fact]
    public void Extension_needs_a_reason()
    {
        var consultation = Proceeding();
        Refused("deadline-change-reason", () => consultation.Extend(ExtendedClose, "   ", Chair, ExtendedOn));
        Assert.Equal(OriginalClose, consultation.ClosesAt);
    }

    [Fact]
    public void Extension_must_close_in_the_future()
    {
        var consultation = Proceeding();
        Refused("extension-in-future", () => consultation.Extend(Utc(4, 10), "Too late", Chair, Utc(4, 12)));
    }

    [Fact]
    public void Extension_may_reopen_a_closed_period_without_a_reply_period()
    {
        var consultation = Proceeding();
        consultation.Extend(ExtendedClose, "Reopened on request", Chair, Utc(4, 1));
        Assert.True(consultation.AcceptsCommentsAt(Utc(4, 2)));
    }

    [Fact]
    public void Extension_is_refused_once_the_reply_period_has_begun()
    {
        var consultation = WithReplyPeriod();
        Refused("extension-before-reply-period", () => consultation.Extend(Utc(4, 30), "Too late", Chair, DuringReplies));
    }

    [Fact]
    public void Extension_may_not_run_into_a_scheduled_reply_period()
    {
        var consultation = Proceeding();
        consultation.OpenReplyPeriod(ExtendedClose, ReplyCloses, substantiveComments: 1);

        var refusal = Refused("extension-before-reply-period", () => consultation.Extend(Utc(4, 20), "Overlap", Chair, ExtendedOn));
        Assert.Contains("2010-04-14", refusal.Message);

        consultation.Extend(ExtendedClose, "Up to the reply period", Chair, ExtendedOn);
        Assert.Equal(ExtendedClose, consultation.ClosesAt);
    }

    [Fact]
    public void Extension_is_refused_after_the_decision()
    {
        var consultation = Proceeding();
        consultation.MarkDecided(Utc(4, 1));
        Refused("extension-before-decision", () => consultation.Extend(Utc(5, 1), "After the fact", Chair, Utc(4, 2)));
    }

    [Fact]
    public void Close_early_ends_the_period_now_and_records_the_reason()
    {
        var consultation = Proceeding();

        var change = consultation.CloseEarly("Proposal withdrawn for revision", Chair, DuringComments);

        Assert.Equal(DeadlineChangeKind.EarlyClosure, change.Kind);
        Assert.Equal(OriginalClose, change.PreviousClose);
        Assert.Equal(DuringComments, consultation.ClosesAt);
        Assert.Equal("Proposal withdrawn for revision", change.Reason);
        Assert.False(consultation.AcceptsCommentsAt(DuringComments));
    }

    [Fact]
    public void Close_early_is_refused_unless_the_period_is_open()
    {
        var consultation = Proceeding();
        Refused("close-early-while-open", () => consultation.CloseEarly("Not yet open", Chair, Utc(2, 1)));
        Refused("close-early-while-open", () => consultation.CloseEarly("Already closed", Chair, Utc(4, 1)));
        Refused("deadline-change-reason", () => consultation.CloseEarly("", Chair, DuringComments));
    }

    [Fact]
    public void Reply_period_opens_after_the_close_when_comments_arrived()
    {
        var consultation = Extended();

        consultation.OpenReplyPeriod(ExtendedClose, ReplyCloses, substantiveComments: 5);

        Assert.True(consultation.HasReplyPeriod);
        Assert.Equal(ExtendedClose, consultation.ReplyOpensAt);
        Assert.Equal(ReplyCloses, consultation.ReplyClosesAt);
        Assert.True(consultation.AcceptsRepliesAt(DuringReplies));
        Assert.False(consultation.AcceptsCommentsAt(DuringReplies));
    }

    [Fact]
    public void Reply_period_needs_substantive_comments()
    {
        var consultation = Extended();
        Refused("reply-period-needs-comments", () => consultation.OpenReplyPeriod(ExtendedClose, ReplyCloses, 0));
        Assert.False(consultation.HasReplyPeriod);
    }

    [Fact]
    public void Reply_period_starts_only_after_the_comment_period_closed()
    {
        var consultation = Extended();
        Refused("reply-period-after-comments", () => consultation.OpenReplyPeriod(OriginalClose, ReplyCloses, 3));
    }

    [Fact]
    public void Reply_period_lasts_at_least_21_days()
    {
        var consultation = Extended();
        var refusal = Refused("reply-period-minimum",
            () => consultation.OpenReplyPeriod(ExtendedClose, ExtendedClose.AddDays(20), 3));
        Assert.Contains("21 days", refusal.Message);
    }

    [Fact]
    public void Reply_period_opens_only_once()
    {
        var consultation = WithReplyPeriod();
        Refused("reply-period-once", () => consultation.OpenReplyPeriod(Utc(5, 10), Utc(6, 10), 3));
    }

    [Fact]
    public void Reply_period_instants_must_be_utc()
    {
        var consultation = Extended();
        Refused("utc-instants", () => consultation.OpenReplyPeriod(ExtendedClose.ToOffset(TimeSpan.FromHours(2)), ReplyCloses, 3));
    }

    [Fact]
    public void Consultation_is_decided_only_after_its_periods_are_over()
    {
        var consultation = WithReplyPeriod();

        Refused("decide-after-periods", () => consultation.MarkDecided(DuringExtension));
        Refused("decide-after-periods", () => consultation.MarkDecided(DuringReplies));

        consultation.MarkDecided(AfterReplies);
        Assert.Equal(AfterReplies, consultation.DecidedAt);
        Refused("decide-after-periods", () => consultation.MarkDecided(Utc(6, 1)));
    }

    [Fact]
    public void Consultation_is_not_decided_before_a_scheduled_reply_period()
    {
        var consultation = Proceeding();
        consultation.OpenReplyPeriod(ExtendedClose, ReplyCloses, substantiveComments: 2);
        Refused("decide-after-periods", () => consultation.MarkDecided(Utc(4, 1)));
    }

    [Fact]
    public void Timeline_shows_the_extension_with_its_reason_and_what_is_past()
    {
        var consultation = WithReplyPeriod();

        var timeline = consultation.TimelineAt(DuringExtension, proposalPublishedAt: Opens);

        Assert.Equal(
            [TimelineEventKind.ProposalPublished, TimelineEventKind.CommentPeriodOpens, TimelineEventKind.DeadlineExtended,
             TimelineEventKind.CommentPeriodCloses, TimelineEventKind.ReplyPeriodOpens, TimelineEventKind.ReplyPeriodCloses],
            timeline.Select(e => e.Kind));
        var extension = timeline.Single(e => e.Kind == TimelineEventKind.DeadlineExtended);
        Assert.Contains("More time requested by the community", extension.Description);
        Assert.Contains("2010-04-14", extension.Description);
        Assert.True(extension.IsPast);
        Assert.False(timeline.Single(e => e.Kind == TimelineEventKind.CommentPeriodCloses).IsPast);
    }
}
