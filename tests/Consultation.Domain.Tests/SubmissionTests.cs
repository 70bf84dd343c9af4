using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public class SubmissionTests
{
    private static readonly Guid CcnsoId = Guid.NewGuid();

    private static Submission OnBehalf(Mandate mandate, DateTimeOffset at, string author = Author, Ratification? ratification = null,
        PublicConsultation? consultation = null) =>
        Submission.Submit(consultation ?? Extended(), author, mandate, ratification, Content(), null, Guid.NewGuid(), at);

    private static Mandate TermMandate(string person = Author) =>
        Mandate.ForTerm(person, CcnsoId, Opens, null, "council-chair", Opens);

    [Fact]
    public void Comment_during_the_open_period_is_accepted_with_a_first_version()
    {
        var consultation = Proceeding();
        var key = Guid.NewGuid();

        var submission = Submission.Submit(consultation, Author, null, null, Content(), null, key, DuringComments);

        Assert.Equal(consultation.Id, submission.ConsultationId);
        Assert.Equal(key, submission.IdempotencyKey);
        Assert.Equal(DuringComments, submission.FirstSubmittedAt);
        Assert.False(submission.IsLate);
        Assert.False(submission.IsOfficialPosition);
        Assert.False(submission.IsReply);
        Assert.Equal(1, submission.Current.Number);
        Assert.Equal(DuringComments, submission.Current.SubmittedAt);
    }

    [Fact]
    public void Submission_before_opening_is_rejected_with_the_opening_time()
    {
        var refusal = Refused("submit-while-open", () => Comment(Proceeding(), Utc(2, 1)));
        Assert.Contains("2010-02-12", refusal.Message);
    }

    [Fact]
    public void Submission_after_close_is_rejected_with_the_deadline()
    {
        var refusal = Refused("submit-while-open", () => Comment(Extended(), Utc(4, 15)));
        Assert.Contains("2010-04-14", refusal.Message);
    }

    [Fact]
    public void Comment_during_the_reply_period_is_told_to_reply_to_an_earlier_one()
    {
        var refusal = Refused("submit-while-open", () => Comment(WithReplyPeriod(), DuringReplies));
        Assert.Contains("reply", refusal.Message);
    }

    [Fact]
    public void Late_submission_inside_an_extension_is_accepted_and_marked_late()
    {
        var consultation = Extended();
        Assert.False(Comment(consultation, DuringComments).IsLate);
        Assert.True(Comment(consultation, DuringExtension).IsLate);
    }

    [Fact]
    public void Reply_citing_an_earlier_comment_is_accepted_in_the_reply_period()
    {
        var consultation = WithReplyPeriod();
        var comment = Comment(consultation, DuringExtension);

        var reply = Reply(consultation, comment, DuringReplies);

        Assert.True(reply.IsReply);
        Assert.Equal(comment.Id, reply.RepliesToId);
        Assert.False(reply.IsLate);
    }

    [Fact]
    public void Reply_outside_the_reply_period_is_refused()
    {
        var consultation = WithReplyPeriod();
        var comment = Comment(consultation, DuringComments);

        Refused("reply-during-reply-period", () => Reply(consultation, comment, DuringExtension));
        Refused("reply-during-reply-period", () => Reply(consultation, comment, AfterReplies));
    }

    [Fact]
    public void Reply_must_cite_a_comment_in_the_same_consultation()
    {
        var consultation = WithReplyPeriod();
        var elsewhere = Comment(WithReplyPeriod(), DuringComments);
        Refused("reply-cites-earlier-comment", () => Reply(consultation, elsewhere, DuringReplies));
    }

    [Fact]
    public void Reply_must_cite_a_comment_not_another_reply()
    {
        var consultation = WithReplyPeriod();
        var reply = Reply(consultation, Comment(consultation, DuringComments), DuringReplies);
        Refused("reply-cites-earlier-comment", () => Reply(consultation, reply, DuringReplies.AddHours(1)));
    }

    [Fact]
    public void Official_position_under_a_covering_mandate_records_the_body_and_ratification()
    {
        var mandate = TermMandate();
        var ratification = new Ratification(" Illustrative: adopted by the Council ", new DateOnly(2010, 3, 11));

        var submission = OnBehalf(mandate, DuringComments, ratification: ratification);

        Assert.True(submission.IsOfficialPosition);
        Assert.Equal(CcnsoId, submission.OnBehalfOfBodyId);
        Assert.Equal(mandate.Id, submission.MandateId);
        Assert.Equal("Illustrative: adopted by the Council", submission.RatificationEvidence);
        Assert.Equal(new DateOnly(2010, 3, 11), submission.RatifiedOn);
    }

    [Fact]
    public void Mandate_must_belong_to_the_author()
    {
        Refused("mandate-covers-submission", () => OnBehalf(TermMandate(person: Other), DuringComments));
    }

    [Fact]
    public void Mandate_for_another_consultation_is_refused()
    {
        var mandate = Mandate.ForConsultation(Author, CcnsoId, Guid.NewGuid(), "council-chair", Opens);
        Refused("mandate-covers-submission", () => OnBehalf(mandate, DuringComments));
    }

    [Fact]
    public void Mandate_for_this_consultation_is_accepted()
    {
        var consultation = Extended();
        var mandate = Mandate.ForConsultation(Author, CcnsoId, consultation.Id, "council-chair", Opens);
        Assert.Equal(CcnsoId, OnBehalf(mandate, DuringComments, consultation: consultation).OnBehalfOfBodyId);
    }

    [Fact]
    public void Mandate_outside_its_term_is_refused()
    {
        var expired = Mandate.ForTerm(Author, CcnsoId, Opens, DuringComments, "council-chair", Opens);
        var notYet = Mandate.ForTerm(Author, CcnsoId, DuringExtension, null, "council-chair", Opens);

        Refused("mandate-covers-submission", () => OnBehalf(expired, DuringExtension));
        Refused("mandate-covers-submission", () => OnBehalf(notYet, DuringComments));
    }

    [Fact]
    public void Ended_mandate_is_refused()
    {
        var mandate = TermMandate();
        mandate.End("council-chair", DuringComments);
        Refused("mandate-covers-submission", () => OnBehalf(mandate, DuringExtension));
    }

    [Fact]
    public void Submission_needs_an_author_and_ratification_needs_a_body()
    {
        Refused("submission-author", () => Comment(Extended(), DuringComments, author: " "));
        Refused("ratification-needs-body", () => Submission.Submit(Extended(), Author, null,
            new Ratification("Adopted by a council", null), Content(), null, Guid.NewGuid(), DuringComments));
    }

    [Fact]
    public void Content_needs_text_and_a_known_stance_and_may_block_with_a_reason()
    {
        Refused("submission-text", () => Content("  "));
        Refused("stance-known", () => Content(stance: (Stance)42));

        var objection = Content(stance: Stance.Oppose, blockingReason: " Illustrative: no study shared ");
        Assert.True(objection.IsBlockingObjection);
        Assert.Equal("Illustrative: no study shared", objection.BlockingReason);
        Assert.False(Content(blockingReason: " ").IsBlockingObjection);
    }

    [Fact]
    public void Revise_creates_a_new_version_and_keeps_the_old()
    {
        var consultation = Extended();
        var submission = Comment(consultation, DuringComments, content: Content("First text"));
        var first = submission.Current;

        var second = submission.Revise(Author, consultation, Content("Second text", Stance.Oppose), DuringExtension);

        Assert.Equal(2, second.Number);
        Assert.Same(second, submission.Current);
        Assert.Equal(["First text", "Second text"], submission.Versions.Select(v => v.Text));
        Assert.Equal("First text", first.Text);
        Assert.Equal(Stance.Concerns, first.Stance);
        Assert.Equal(DuringExtension, second.SubmittedAt);
    }

    [Fact]
    public void Content_hash_changes_with_the_content()
    {
        var consultation = Extended();
        var submission = Comment(consultation, DuringComments, content: Content("Same words"));
        var first = submission.Current.ContentHash;
        var sameTimeSameWords = submission.Revise(Author, consultation, Content("Same words"), DuringComments).ContentHash;
        var otherWords = submission.Revise(Author, consultation, Content("Other words"), DuringComments).ContentHash;

        Assert.NotEqual(first, sameTimeSameWords); // the version number is part of the content
        Assert.NotEqual(sameTimeSameWords, otherWords);
    }

    [Fact]
    public void Content_hash_is_lower_case_hex_sha256_of_the_canonical_content()
    {
        var section = Guid.NewGuid();
        var submission = Submission.Submit(Extended(), Author, null, null,
            new SubmissionContent(Stance.Oppose, "Line one\nLine two", [section, section], "Illustrative block"),
            null, Guid.NewGuid(), DuringComments);
        var version = submission.Current;

        var recomputed = CanonicalContent.Hash(
            ("submission", submission.Id.ToString()),
            ("consultation", submission.ConsultationId.ToString()),
            ("version", "1"),
            ("author", Author),
            ("submittedBy", Author),
            ("onBehalfOf", ""),
            ("repliesTo", ""),
            ("stance", "Oppose"),
            ("blockingReason", "Illustrative block"),
            ("citedSections", section.ToString()),
            ("ratification", ""),
            ("ratifiedOn", ""),
            ("attachments", ""),
            ("text", "Line one\nLine two"),
            ("submittedAt", "2010-03-11T00:00:00.0000000Z"));

        Assert.Equal(recomputed, version.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", version.ContentHash);
        Assert.Equal(section, Assert.Single(version.CitedSections).ProposalSectionId);

        // The published canonical text is exactly what was hashed, line per field, with line feeds escaped.
        var canonical = version.CanonicalText(submission);
        Assert.Equal(version.ContentHash, CanonicalContent.Sha256Hex(canonical));
        Assert.Contains("\ntext=Line one\\nLine two\nsubmittedAt=2010-03-11T00:00:00.0000000Z\n", canonical);
        Assert.StartsWith($"submission={submission.Id}\n", canonical);
    }

    [Fact]
    public void Only_the_author_edits()
    {
        var consultation = Extended();
        var submission = Comment(consultation, DuringComments);

        Assert.True(submission.MayBeEditedBy(Author, consultation, DuringComments));
        Assert.False(submission.MayBeEditedBy(Other, consultation, DuringComments));
        Refused("edit-own-submission", () => submission.Revise(Other, consultation, Content("Hijack"), DuringComments));
        Assert.Single(submission.Versions);
    }

    [Fact]
    public void Withdrawn_submission_cannot_be_edited()
    {
        var consultation = Extended();
        var submission = Comment(consultation, DuringComments);
        submission.Withdraw(Author, consultation, null, DuringComments);

        Assert.False(submission.MayBeEditedBy(Author, consultation, DuringComments));
        Refused("no-edit-after-withdrawal", () => submission.Revise(Author, consultation, Content("Again"), DuringComments));
    }

    [Fact]
    public void Submission_cannot_be_edited_after_the_close()
    {
        var consultation = Extended();
        var submission = Comment(consultation, DuringComments);

        Assert.False(submission.MayBeEditedBy(Author, consultation, ExtendedClose));
        var refusal = Refused("edit-before-close", () => submission.Revise(Author, consultation, Content("Too late"), ExtendedClose));
        Assert.Contains("2010-04-14", refusal.Message);
    }

    [Fact]
    public void Reply_is_edited_during_the_reply_period_and_not_after()
    {
        var consultation = WithReplyPeriod();
        var reply = Reply(consultation, Comment(consultation, DuringComments), DuringReplies);

        reply.Revise(Other, consultation, Content("Revised reply"), DuringReplies.AddDays(1));
        var refusal = Refused("edit-before-close", () => reply.Revise(Other, consultation, Content("Late"), ReplyCloses));

        Assert.Equal(2, reply.Versions.Count);
        Assert.Contains("2010-05-05", refusal.Message);
    }

    [Fact]
    public void Withdrawal_keeps_the_history_and_marks_the_submission_withdrawn()
    {
        var consultation = Extended();
        var submission = Comment(consultation, DuringComments);

        submission.Withdraw(Author, consultation, "  Superseded by our association's comment ", DuringExtension);

        Assert.True(submission.IsWithdrawn);
        Assert.Equal(DuringExtension, submission.WithdrawnAt);
        Assert.Equal("Superseded by our association's comment", submission.WithdrawalReason);
        Assert.Single(submission.Versions);
    }

    [Fact]
    public void Withdrawal_is_for_the_author_once_and_before_the_close()
    {
        var consultation = Extended();
        var submission = Comment(consultation, DuringComments);

        Refused("withdraw-own-submission", () => submission.Withdraw(Other, consultation, null, DuringComments));
        Refused("withdraw-before-close", () => submission.Withdraw(Author, consultation, null, ExtendedClose));
        submission.Withdraw(Author, consultation, " ", DuringComments);
        Assert.Null(submission.WithdrawalReason);
        Refused("withdraw-once", () => submission.Withdraw(Author, consultation, null, DuringComments));
    }

    [Fact]
    public void Attachment_is_a_pdf_or_plain_text_of_at_most_10_MB()
    {
        var version = Comment(Extended(), DuringComments).Current;

        var attachment = version.Attach("/tmp/uploads/comment.pdf", "application/pdf", Attachment.MaxBytes, "ab", "key-1");

        Assert.Equal("comment.pdf", attachment.FileName);
        Assert.Same(attachment, Assert.Single(version.Attachments));
        Refused("attachment-type", () => version.Attach("a.exe", "application/octet-stream", 10, "ab", "key-2"));
        Refused("attachment-size", () => version.Attach("big.pdf", "application/pdf", Attachment.MaxBytes + 1, "ab", "key-3"));
        Refused("attachment-size", () => version.Attach("empty.txt", "text/plain", 0, "ab", "key-4"));
        Refused("attachment-name", () => version.Attach("uploads/", "text/plain", 10, "ab", "key-5"));
    }
}
