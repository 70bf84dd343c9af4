namespace Consultation.Application.Pipeline;

/// <summary>Who is sending the request; the host (a circuit, an HTTP request, a test) supplies it.</summary>
public interface ICurrentUser
{
    /// <summary>The person's id, or null for an anonymous reader.</summary>
    string? PersonId { get; }
    bool IsInRole(string role);
}

public static class CurrentUserExtensions
{
    public static string RequirePersonId(this ICurrentUser user) =>
        user.PersonId ?? throw new AccessDeniedException("Sign in first.");
}
