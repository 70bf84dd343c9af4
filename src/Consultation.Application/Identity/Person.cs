using Microsoft.AspNetCore.Identity;

namespace Consultation.Application.Identity;

/// <summary>A person with an account. Bodies, memberships and mandates refer to people by <c>Id</c>.</summary>
public sealed class Person : IdentityUser
{
    /// <summary>The name a closed account's public contributions keep (see AccountClosure).</summary>
    public const string FormerParticipant = "Former participant";

    /// <summary>The name shown beside what the person writes; never their email address.</summary>
    [PersonalData]
    public string DisplayName { get; set; } = "";
}
