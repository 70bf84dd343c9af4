using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Consultation.Domain.Submissions;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

/// <summary>A body's official position is spoken for by whoever holds its mandate now, not only by its first author.</summary>
public sealed class BodyPositionTests
{
    private static readonly Guid BodyId = Guid.NewGuid();

    private static Mandate MandateOf(string person, Guid? body = null) => Mandate.ForTerm(person, body ?? BodyId, Opens, null, "council-chair", Opens);

    private static Submission Position(PublicConsultation consultation) =>
        Submission.Submit(consultation, Author, MandateOf(Author), new Ratification("Illustrative: adopted by the Council", new DateOnly(2010, 3, 11)),
            Content(), null, Guid.NewGuid(), DuringComments);

    [Fact]
    public void Another_representative_of_the_same_body_may_revise_its_position_and_is_recorded_as_its_writer()
    {
        var consultation = Extended();
        var position = Position(consultation);

        var version = position.Revise(Other, consultation, Content("Illustrative second reading."), DuringExtension, MandateOf(Other));

        Assert.Equal(2, version.Number);
        Assert.Equal(Other, version.SubmittedBy);
        Assert.Equal(Author, position.AuthorId);
    }

    [Fact]
    public void A_mandate_for_another_body_does_not_let_a_person_revise_a_position()
    {
        var consultation = Extended();
        var position = Position(consultation);

        Refused("edit-own-submission", () => position.Revise(Other, consultation, Content(), DuringExtension, MandateOf(Other, Guid.NewGuid())));
        Assert.False(position.MayBeEditedBy(Other, consultation, DuringExtension, MandateOf(Other, Guid.NewGuid())));
    }

    [Fact]
    public void Another_representative_may_withdraw_the_body_position_but_a_plain_member_may_not()
    {
        var consultation = Extended();
        var position = Position(consultation);

        Refused("withdraw-own-submission", () => position.Withdraw(Other, consultation, null, DuringExtension));
        position.Withdraw(Other, consultation, "Illustrative: superseded", DuringExtension, MandateOf(Other));

        Assert.True(position.IsWithdrawn);
    }

    [Fact]
    public void Each_version_carries_its_own_ratification_evidence_which_the_content_hash_covers()
    {
        var consultation = Extended();
        var position = Position(consultation);
        var first = position.Current;

        var second = position.Revise(Author, consultation, new SubmissionContent(first.Stance, first.Text), DuringExtension,
            MandateOf(Author), ratification: new Ratification("Illustrative: re-adopted by the Council", new DateOnly(2010, 4, 1)));

        Assert.Equal("Illustrative: adopted by the Council", first.RatificationEvidence);
        Assert.Equal("Illustrative: re-adopted by the Council", position.RatificationEvidence);
        Assert.Equal(new DateOnly(2010, 4, 1), position.RatifiedOn);
        Assert.NotEqual(first.ContentHash, second.ContentHash);
    }

    [Fact]
    public void Ratification_evidence_on_a_revision_needs_a_body_position()
    {
        var consultation = Extended();
        var ownName = Comment(consultation, DuringComments);

        Refused("ratification-needs-body", () => ownName.Revise(Author, consultation, Content(), DuringExtension,
            ratification: new Ratification("Illustrative: adopted", null)));
    }

    [Fact]
    public void A_retried_revision_is_recognisable_by_its_request_key()
    {
        var consultation = Extended();
        var comment = Comment(consultation, DuringComments);
        var key = Guid.NewGuid();

        var version = comment.Revise(Author, consultation, Content("Illustrative revision."), DuringExtension, requestKey: key);

        Assert.Equal(key, version.RequestKey);
        Assert.NotEqual(key, comment.Versions[0].RequestKey);
    }

    [Fact]
    public void The_first_author_may_no_longer_revise_a_body_position_once_their_mandate_ended()
    {
        var consultation = Extended();
        var position = Position(consultation);
        var ended = MandateOf(Author);
        ended.End("council-chair", DuringComments.AddDays(1));

        Refused("edit-own-submission", () => position.Revise(Author, consultation, Content(), DuringExtension, ended));
        Refused("withdraw-own-submission", () => position.Withdraw(Author, consultation, null, DuringExtension));
    }

    [Fact]
    public void A_reply_cannot_cite_a_withdrawn_comment()
    {
        var consultation = WithReplyPeriod();
        var comment = Comment(consultation, DuringComments);
        comment.Withdraw(Author, consultation, "Illustrative: withdrawn", DuringExtension);

        Refused("reply-cites-earlier-comment", () => Reply(consultation, comment, DuringReplies));
    }
}
