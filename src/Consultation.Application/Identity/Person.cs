using Microsoft.AspNetCore.Identity;

namespace Consultation.Application.Identity;

/// <summary>A person with an account. Bodies, memberships and mandates refer to people by <c>Id</c>.</summary>
public sealed class Person : IdentityUser
{
    /// <summary>The name shown beside what the person writes; never their email address.</summary>
    [PersonalData]
    public string DisplayName { get; set; } = "";
}
