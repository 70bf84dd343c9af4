namespace Consultation.Domain.Submissions;

/// <summary>The position a submission takes on the proposal (DOMAIN.md, "Positions").</summary>
public enum Stance
{
    Support,
    SupportWithChanges,
    Concerns,
    Oppose,
    NoPosition,
}

public static class StanceNames
{
    public static string Display(this Stance stance) => stance switch
    {
        Stance.Support => "Support",
        Stance.SupportWithChanges => "Support with changes",
        Stance.Concerns => "Concerns",
        Stance.Oppose => "Oppose",
        Stance.NoPosition => "No position",
        _ => stance.ToString(),
    };
}
