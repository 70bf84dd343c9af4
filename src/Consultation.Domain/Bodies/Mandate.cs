using Consultation.Domain.Common;

namespace Consultation.Domain.Bodies;

/// <summary>
/// A person may speak for a body: for a term (from/until) or for one consultation only.
/// Submitting "on behalf of" a body requires a mandate that covers that consultation at that moment.
/// </summary>
public sealed class Mandate
{
    private Mandate() { }

    private Mandate(string personId, Guid bodyId, DateTimeOffset validFrom, DateTimeOffset? validUntil,
        Guid? consultationId, string grantedBy, DateTimeOffset grantedAt)
    {
        Guard.Require(validUntil is null || validUntil > validFrom, "mandate-term-ends-after-start",
            "A mandate's term must end after it starts.");
        Id = Guid.NewGuid();
        PersonId = Guard.Text(personId, "mandate-person", "The representative", 450);
        BodyId = bodyId;
        ValidFrom = Guard.Utc(validFrom, "The start of a mandate");
        ValidUntil = validUntil is { } until ? Guard.Utc(until, "The end of a mandate") : null;
        ConsultationId = consultationId;
        GrantedBy = Guard.Text(grantedBy, "mandate-granted-by", "Who granted the mandate", 450);
        GrantedAt = grantedAt;
    }

    public static Mandate ForTerm(string personId, Guid bodyId, DateTimeOffset from, DateTimeOffset? until,
        string grantedBy, DateTimeOffset grantedAt) =>
        new(personId, bodyId, from, until, null, grantedBy, grantedAt);

    public static Mandate ForConsultation(string personId, Guid bodyId, Guid consultationId,
        string grantedBy, DateTimeOffset grantedAt) =>
        new(personId, bodyId, grantedAt, null, consultationId, grantedBy, grantedAt);

    public Guid Id { get; private set; }
    public string PersonId { get; private set; } = "";
    public Guid BodyId { get; private set; }
    public StakeholderBody? Body { get; private set; }
    public DateTimeOffset ValidFrom { get; private set; }
    public DateTimeOffset? ValidUntil { get; private set; }
    /// <summary>When set, the mandate covers this one consultation only.</summary>
    public Guid? ConsultationId { get; private set; }
    public string GrantedBy { get; private set; } = "";
    public DateTimeOffset GrantedAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public string? EndedBy { get; private set; }

    public bool IsActiveAt(DateTimeOffset now) =>
        ValidFrom <= now && (ValidUntil is null || now < ValidUntil) && (EndedAt is null || now < EndedAt);

    /// <summary>Rule: a representative may speak for the body in this consultation now.</summary>
    public bool Covers(Guid bodyId, Guid consultationId, DateTimeOffset now) =>
        BodyId == bodyId && IsActiveAt(now) && (ConsultationId is null || ConsultationId == consultationId);

    /// <summary>Rule: a mandate ends once; what was submitted under it stays attributed.</summary>
    public void End(string endedBy, DateTimeOffset at)
    {
        Guard.Require(EndedAt is null, "mandate-ends-once", "This mandate has already ended.");
        EndedAt = Guard.Utc(at, "The end of a mandate");
        EndedBy = endedBy;
    }
}
