namespace Consultation.Application.Pipeline;

public enum Audience
{
    /// <summary>Anyone, signed in or not: the public archive.</summary>
    Anyone,
    /// <summary>Any signed-in person.</summary>
    SignedIn,
}

/// <summary>
/// Declares who may send a request. Every request carries one (a test enforces it); the authorization
/// behavior refuses anyone else before the handler runs. Rules about a particular thing (is this person a
/// chair of this stage?) stay in the domain.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class AllowedForAttribute : Attribute
{
    public AllowedForAttribute(Audience audience) => Audience = audience;

    /// <summary>Signed-in people holding any one of these roles.</summary>
    public AllowedForAttribute(params string[] roles)
    {
        Audience = Audience.SignedIn;
        Roles = roles;
    }

    public Audience Audience { get; }
    public IReadOnlyList<string> Roles { get; } = [];
}
