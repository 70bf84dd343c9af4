using Consultation.Domain.Common;

namespace Consultation.Domain.Bodies;

public enum MembershipRole
{
    Member,
    Councillor,
    Chair,
    Staff,
}

/// <summary>A person belongs to a body. A person may belong to several bodies.</summary>
public sealed class Membership
{
    private Membership() { }

    public Membership(string personId, Guid bodyId, MembershipRole role, DateTimeOffset since)
    {
        Id = Guid.NewGuid();
        PersonId = Guard.Text(personId, "membership-person", "The person", 450);
        BodyId = bodyId;
        Role = role;
        Since = Guard.Utc(since, "The start of a membership");
    }

    public Guid Id { get; private set; }
    public string PersonId { get; private set; } = "";
    public Guid BodyId { get; private set; }
    public StakeholderBody? Body { get; private set; }
    public MembershipRole Role { get; private set; }
    public DateTimeOffset Since { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }

    public bool IsCurrentAt(DateTimeOffset now) => Since <= now && (EndedAt is null || now < EndedAt);

    /// <summary>Rule: a membership ends once, and not before it began.</summary>
    public void End(DateTimeOffset at)
    {
        Guard.Require(EndedAt is null, "membership-ends-once", "This membership has already ended.");
        Guard.Require(at >= Since, "membership-end-after-start", "A membership cannot end before it began.");
        EndedAt = Guard.Utc(at, "The end of a membership");
    }
}
