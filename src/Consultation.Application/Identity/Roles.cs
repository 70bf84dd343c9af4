namespace Consultation.Application.Identity;

/// <summary>
/// The portal's roles. Representatives are not a role: speaking for a body comes from a mandate.
/// </summary>
public static class Roles
{
    public const string Administrator = "Administrator";
    public const string Chair = "Chair";
    public const string Member = "Member";

    public static readonly IReadOnlyList<string> All = [Administrator, Chair, Member];
}
