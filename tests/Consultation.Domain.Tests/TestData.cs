using Consultation.Domain.Common;
using Consultation.Domain.Consultations;
using Consultation.Domain.Submissions;

namespace Consultation.Domain.Tests;

/// <summary>
/// Illustrative sample data on the DNS-CERT (2010) timeline of DOMAIN.md: opened 2010-02-12, due to close
/// 2010-03-29, extended to 2010-04-14. Texts and people are invented for the tests and speak for no real body.
/// </summary>
internal static class DnsCert
{
    public static DateTimeOffset Utc(int month, int day, int hour = 0, int minute = 0) =>
        new(2010, month, day, hour, minute, 0, TimeSpan.Zero);

    public static readonly DateTimeOffset Opens = Utc(2, 12);
    public static readonly DateTimeOffset OriginalClose = Utc(3, 29);
    public static readonly DateTimeOffset ExtendedOn = Utc(3, 20);
    public static readonly DateTimeOffset ExtendedClose = Utc(4, 14);
    public static readonly DateTimeOffset ReplyCloses = Utc(5, 5);

    public static readonly DateTimeOffset DuringComments = Utc(3, 11);
    public static readonly DateTimeOffset DuringExtension = Utc(4, 1);
    public static readonly DateTimeOffset DuringReplies = Utc(4, 20);
    public static readonly DateTimeOffset AfterReplies = Utc(5, 10);

    public const string Chair = "staff-chair";
    public const string Author = "registry-rep";
    public const string Other = "someone-else";

    public static PublicConsultation Proceeding(DateTimeOffset? closesAt = null) =>
        new("global-dns-cert-business-case", "Global DNS-CERT Business Case", "Illustrative sample data.",
            Guid.NewGuid(), null, Opens, closesAt ?? OriginalClose);

    /// <summary>Extended on 2010-03-20 from 2010-03-29 to 2010-04-14.</summary>
    public static PublicConsultation Extended()
    {
        var consultation = Proceeding();
        consultation.Extend(ExtendedClose, "More time requested by the community", Chair, ExtendedOn);
        return consultation;
    }

    /// <summary>Extended, then a 21-day reply period from 2010-04-14 to 2010-05-05.</summary>
    public static PublicConsultation WithReplyPeriod()
    {
        var consultation = Extended();
        consultation.OpenReplyPeriod(ExtendedClose, ReplyCloses, substantiveComments: 3);
        return consultation;
    }

    public static SubmissionContent Content(string text = "Illustrative: share the underlying studies first.",
        Stance stance = Stance.Concerns, string? blockingReason = null) => new(stance, text, null, blockingReason);

    public static Submission Comment(PublicConsultation consultation, DateTimeOffset at, string author = Author,
        SubmissionContent? content = null) =>
        Submission.Submit(consultation, author, null, null, content ?? Content(), null, Guid.NewGuid(), at);

    public static Submission Reply(PublicConsultation consultation, Submission repliesTo, DateTimeOffset at, string author = Other) =>
        Submission.Submit(consultation, author, null, null, Content("Illustrative reply."), repliesTo, Guid.NewGuid(), at);

    /// <summary>Asserts that the action is refused by the named rule, and returns the refusal.</summary>
    public static DomainRuleException Refused(string rule, Action action)
    {
        var refusal = Assert.Throws<DomainRuleException>(action);
        Assert.Equal(rule, refusal.Rule);
        return refusal;
    }
}
