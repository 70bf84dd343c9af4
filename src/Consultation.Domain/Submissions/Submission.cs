using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Consultations;

namespace Consultation.Domain.Submissions;

/// <summary>
/// A position put on a consultation: in the author's own name or on behalf of a body under a mandate.
/// Every edit is a new version; earlier versions stay public. Withdrawing keeps the history.
/// </summary>
public sealed class Submission : IConcurrencyAware
{
    private readonly List<SubmissionVersion> _versions = [];

    private Submission() { }

    /// <summary>
    /// Rule: a comment is accepted only while the comment period is open (extensions included); a reply
    /// only during the reply period, and it must cite an earlier submission. Speaking for a body needs a
    /// mandate covering that body and this consultation now.
    /// </summary>
    public static Submission Submit(PublicConsultation consultation, string authorId, Mandate? mandate,
        Ratification? ratification, SubmissionContent content, Submission? repliesTo, Guid idempotencyKey, DateTimeOffset now)
    {
        if (repliesTo is null)
            Guard.Require(consultation.AcceptsCommentsAt(now), "submit-while-open",
                consultation.StatusAt(now) == ConsultationStatus.Upcoming
                    ? $"The comment period opens at {Guard.Show(consultation.OpensAt)}."
                    : consultation.AcceptsRepliesAt(now)
                        ? "The comment period has closed; during the reply period a submission must reply to an earlier one."
                        : $"The comment period closed at {Guard.Show(consultation.ClosesAt)}.");
        else
        {
            Guard.Require(consultation.AcceptsRepliesAt(now), "reply-during-reply-period",
                "Replies are accepted only during the reply period.");
            Guard.Require(repliesTo.ConsultationId == consultation.Id && repliesTo.RepliesToId is null && !repliesTo.IsWithdrawn,
                "reply-cites-earlier-comment", "A reply must cite an earlier comment in this consultation that has not been withdrawn.");
        }
        if (mandate is not null)
            Guard.Require(mandate.PersonId == authorId && mandate.Covers(mandate.BodyId, consultation.Id, now),
                "mandate-covers-submission", "Your mandate does not cover this consultation now.");
        Guard.Require(ratification is null || mandate is not null, "ratification-needs-body",
            "Ratification evidence belongs to a body's official position.");

        var submission = new Submission
        {
            Id = Guid.NewGuid(),
            ConsultationId = consultation.Id,
            AuthorId = Guard.Text(authorId, "submission-author", "The author", 450),
            OnBehalfOfBodyId = mandate?.BodyId,
            MandateId = mandate?.Id,
            RepliesToId = repliesTo?.Id,
            IdempotencyKey = idempotencyKey,
            FirstSubmittedAt = now,
            IsLate = repliesTo is null && consultation.IsLateAt(now),
        };
        submission.AddVersion(content, ratification, authorId, idempotencyKey, now, submission.IsLate);
        return submission;
    }

    public Guid Id { get; private set; }
    public Guid ConsultationId { get; private set; }
    public string AuthorId { get; private set; } = "";
    public Guid? OnBehalfOfBodyId { get; private set; }
    public StakeholderBody? OnBehalfOfBody { get; private set; }
    public Guid? MandateId { get; private set; }
    /// <summary>How the body adopted the position as it now stands (each version may carry its own evidence).</summary>
    public string? RatificationEvidence => Current.RatificationEvidence;
    public DateOnly? RatifiedOn => Current.RatifiedOn;
    public Guid? RepliesToId { get; private set; }
    /// <summary>A retried request with the same key finds this submission instead of creating another.</summary>
    public Guid IdempotencyKey { get; private set; }
    public DateTimeOffset FirstSubmittedAt { get; private set; }
    /// <summary>First submitted after the original deadline, within an extension. Each version records its own lateness too.</summary>
    public bool IsLate { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    public string? WithdrawalReason { get; private set; }
    public IReadOnlyList<SubmissionVersion> Versions => _versions;
    public Guid ConcurrencyToken { get; set; }

    public bool IsOfficialPosition => OnBehalfOfBodyId is not null;
    public bool IsWithdrawn => WithdrawnAt is not null;
    public bool IsReply => RepliesToId is not null;
    public SubmissionVersion Current => _versions.MaxBy(v => v.Number)
        ?? throw new InvalidOperationException("A submission always has a version; load its versions.");

    /// <summary>
    /// Rule: a submission in one's own name is spoken for by its author; a body's official position by whoever holds
    /// a mandate covering that body in this consultation now (its first author too only while their mandate lasts).
    /// </summary>
    public bool MaySpeakFor(string personId, Mandate? mandate, DateTimeOffset now) =>
        OnBehalfOfBodyId is { } body
            ? mandate is not null && mandate.PersonId == personId && mandate.Covers(body, ConsultationId, now)
            : personId == AuthorId;

    /// <summary>Rule: edits come from the author (or a representative of the body), before the period closes, never once withdrawn.</summary>
    public bool MayBeEditedBy(string personId, PublicConsultation consultation, DateTimeOffset now, Mandate? mandate = null) =>
        MaySpeakFor(personId, mandate, now) && !IsWithdrawn && PeriodIsOpen(consultation, now);

    /// <param name="requestKey">The idempotency key of the request that makes this version (a retry finds it).</param>
    public SubmissionVersion Revise(string personId, PublicConsultation consultation, SubmissionContent content, DateTimeOffset now,
        Mandate? mandate = null, Guid? requestKey = null, Ratification? ratification = null)
    {
        Guard.Require(ratification is null || IsOfficialPosition, "ratification-needs-body",
            "Ratification evidence belongs to a body's official position.");
        Guard.Require(MaySpeakFor(personId, mandate, now), "edit-own-submission",
            "Only the author, or a representative of the body it speaks for, can edit a submission.");
        Guard.Require(!IsWithdrawn, "no-edit-after-withdrawal", "A withdrawn submission cannot be edited.");
        Guard.Require(PeriodIsOpen(consultation, now), "edit-before-close",
            $"The period closed at {Guard.Show(IsReply ? consultation.ReplyClosesAt : consultation.ClosesAt)}; the submission can no longer be edited.");
        return AddVersion(content, ratification, personId, requestKey ?? Guid.NewGuid(), now, !IsReply && consultation.IsLateAt(now));
    }

    /// <summary>Rule: the author (or a representative of the body) may withdraw before the close; the submission stays in the history, marked withdrawn.</summary>
    public void Withdraw(string personId, PublicConsultation consultation, string? reason, DateTimeOffset now, Mandate? mandate = null)
    {
        Guard.Require(MaySpeakFor(personId, mandate, now), "withdraw-own-submission",
            "Only the author, or a representative of the body it speaks for, can withdraw a submission.");
        Guard.Require(!IsWithdrawn, "withdraw-once", "This submission is already withdrawn.");
        Guard.Require(PeriodIsOpen(consultation, now), "withdraw-before-close",
            "The period has closed; the submission is under review and can no longer be withdrawn.");
        WithdrawnAt = now;
        WithdrawalReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
    }

    private bool PeriodIsOpen(PublicConsultation consultation, DateTimeOffset now) =>
        IsReply ? consultation.AcceptsRepliesAt(now) : consultation.AcceptsCommentsAt(now);

    private SubmissionVersion AddVersion(SubmissionContent content, Ratification? ratification, string submittedBy, Guid requestKey,
        DateTimeOffset now, bool late)
    {
        var version = new SubmissionVersion(this, _versions.Count + 1, content, ratification, submittedBy, requestKey, now, late);
        _versions.Add(version);
        return version;
    }
}
