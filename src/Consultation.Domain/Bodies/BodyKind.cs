namespace Consultation.Domain.Bodies;

/// <summary>The kinds of stakeholder body in the naming community (DOMAIN.md, "Who takes part").</summary>
public enum BodyKind
{
    SupportingOrganization,
    AdvisoryCommittee,
    Registry,
    TechnicalCommunity,
    SecurityCommunity,
    Government,
}

public static class BodyKindNames
{
    public static string Display(this BodyKind kind) => kind switch
    {
        BodyKind.SupportingOrganization => "Supporting Organization",
        BodyKind.AdvisoryCommittee => "Advisory Committee",
        BodyKind.Registry => "Registry",
        BodyKind.TechnicalCommunity => "Technical community",
        BodyKind.SecurityCommunity => "Security community",
        BodyKind.Government => "Government",
        _ => kind.ToString(),
    };
}
