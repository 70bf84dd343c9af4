using Consultation.Domain.Bodies;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public class MandateTests
{
    private static readonly Guid BodyId = Guid.NewGuid();
    private static readonly Guid ConsultationId = Guid.NewGuid();

    [Fact]
    public void Term_mandate_covers_the_body_in_any_consultation_during_its_term()
    {
        var mandate = Mandate.ForTerm(Author, BodyId, Opens, ExtendedClose, "council-chair", Opens);

        Assert.True(mandate.Covers(BodyId, ConsultationId, DuringComments));
        Assert.True(mandate.Covers(BodyId, Guid.NewGuid(), DuringComments));
        Assert.True(mandate.Covers(BodyId, ConsultationId, Opens));
    }

    [Fact]
    public void Term_mandate_does_not_cover_before_its_start_or_from_its_end()
    {
        var mandate = Mandate.ForTerm(Author, BodyId, DuringComments, ExtendedClose, "council-chair", Opens);

        Assert.False(mandate.Covers(BodyId, ConsultationId, Opens));
        Assert.False(mandate.Covers(BodyId, ConsultationId, ExtendedClose));
    }

    [Fact]
    public void Open_ended_term_mandate_covers_until_it_is_ended()
    {
        var mandate = Mandate.ForTerm(Author, BodyId, Opens, null, "council-chair", Opens);
        Assert.True(mandate.Covers(BodyId, ConsultationId, AfterReplies));
    }

    [Fact]
    public void Mandate_term_must_end_after_it_starts()
    {
        Refused("mandate-term-ends-after-start",
            () => Mandate.ForTerm(Author, BodyId, DuringComments, DuringComments, "council-chair", Opens));
        Refused("mandate-term-ends-after-start",
            () => Mandate.ForTerm(Author, BodyId, DuringComments, Opens, "council-chair", Opens));
    }

    [Fact]
    public void Mandate_does_not_cover_another_body()
    {
        var mandate = Mandate.ForTerm(Author, BodyId, Opens, null, "council-chair", Opens);
        Assert.False(mandate.Covers(Guid.NewGuid(), ConsultationId, DuringComments));
    }

    [Fact]
    public void Consultation_mandate_covers_only_that_consultation_from_when_it_was_granted()
    {
        var mandate = Mandate.ForConsultation(Author, BodyId, ConsultationId, "council-chair", DuringComments);

        Assert.Equal(ConsultationId, mandate.ConsultationId);
        Assert.True(mandate.Covers(BodyId, ConsultationId, DuringExtension));
        Assert.False(mandate.Covers(BodyId, Guid.NewGuid(), DuringExtension));
        Assert.False(mandate.Covers(BodyId, ConsultationId, Opens));
    }

    [Fact]
    public void Ended_mandate_no_longer_covers_but_did_before_its_end()
    {
        var mandate = Mandate.ForTerm(Author, BodyId, Opens, null, "council-chair", Opens);

        mandate.End("council-chair", DuringExtension);

        Assert.Equal("council-chair", mandate.EndedBy);
        Assert.True(mandate.Covers(BodyId, ConsultationId, DuringComments));
        Assert.False(mandate.Covers(BodyId, ConsultationId, DuringExtension));
    }

    [Fact]
    public void Mandate_ends_only_once()
    {
        var mandate = Mandate.ForTerm(Author, BodyId, Opens, null, "council-chair", Opens);
        mandate.End("council-chair", DuringComments);

        Refused("mandate-ends-once", () => mandate.End("council-chair", DuringExtension));
        Assert.Equal(DuringComments, mandate.EndedAt);
    }

    [Fact]
    public void Mandate_names_its_representative_and_who_granted_it()
    {
        Refused("mandate-person", () => Mandate.ForTerm(" ", BodyId, Opens, null, "council-chair", Opens));
        Refused("mandate-granted-by", () => Mandate.ForTerm(Author, BodyId, Opens, null, "", Opens));
    }

    [Fact]
    public void Mandate_instants_must_be_utc()
    {
        var local = new DateTimeOffset(2010, 2, 12, 0, 0, 0, TimeSpan.FromHours(1));
        Refused("utc-instants", () => Mandate.ForTerm(Author, BodyId, local, null, "council-chair", Opens));
        Refused("utc-instants", () => Mandate.ForConsultation(Author, BodyId, ConsultationId, "council-chair", local));
    }
}
