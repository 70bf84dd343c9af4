namespace Consultation.Application.Pipeline;

/// <summary>Who is sending the request; the host (a circuit, an HTTP request, a test) supplies it.</summary>
public interface ICurrentUser
{
    /// <summary>The person's id, or null for an anonymous reader.</summary>
    string? PersonId { get; }
    bool IsInRole(string role);

    /// <summary>
    /// The person holds the role, but this session may not use it until they sign in with a second factor (an
    /// authenticator app or a passkey); <see cref="IsInRole"/> is false for it meanwhile.
    /// </summary>
    bool AwaitsSecondFactorFor(string role) => false;
}

public static class CurrentUserExtensions
{
    public static string RequirePersonId(this ICurrentUser user) =>
        user.PersonId ?? throw new AccessDeniedException("Sign in first.");
}
