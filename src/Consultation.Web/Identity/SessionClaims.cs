using System.Globalization;
using System.Security.Claims;
using Consultation.Application.Identity;

namespace Consultation.Web.Identity;

/// <summary>
/// What a sign-in leaves in the session cookie beyond Identity's own claims: how the person proved who they are
/// (<c>amr</c>, RFC 8176) and when they did (the session's start, which refreshing the cookie never moves).
/// </summary>
public static class SessionClaims
{
    /// <summary>Identity writes <c>pwd</c> here for a password alone and <see cref="MultiFactor"/> after an authenticator or recovery code.</summary>
    public const string AuthenticationMethods = "amr";

    public const string MultiFactor = "mfa";

    /// <summary>A passkey: proof of possession of a key the authenticator guards with a PIN or biometric.</summary>
    public const string Passkey = "pop";

    /// <summary>When the person signed in (Unix seconds, UTC): the start of the absolute session lifetime.</summary>
    public const string SignedInAt = "consultation:signed_in_at";

    /// <summary>
    /// A role the person holds that this session may not use, because it was not signed into with a second factor;
    /// the role claim itself is removed (<see cref="ElevatedStanding"/>).
    /// </summary>
    public const string AwaitingSecondFactor = "consultation:awaiting_second_factor";

    /// <summary>The roles that act on other people's words and accounts, and so need a second factor.</summary>
    public static readonly IReadOnlyList<string> ElevatedRoles = [Roles.Chair, Roles.Administrator];

    public static bool IsElevated(string role) => ElevatedRoles.Contains(role, StringComparer.Ordinal);

    /// <summary>The session was signed into with an authenticator code, a recovery code or a passkey.</summary>
    public static bool UsedSecondFactor(this ClaimsPrincipal principal) =>
        principal.FindAll(AuthenticationMethods).Any(c => c.Value is MultiFactor or Passkey);

    /// <summary>The person holds <paramref name="role"/> but this session was signed into with a password alone.</summary>
    public static bool AwaitsSecondFactorFor(this ClaimsPrincipal principal, string role) =>
        principal.HasClaim(AwaitingSecondFactor, role)
        || (IsElevated(role) && principal.IsInRole(role) && !principal.UsedSecondFactor());

    public static Claim SignedInAtClaim(DateTimeOffset at) =>
        new(SignedInAt, at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture), ClaimValueTypes.Integer64);

    public static DateTimeOffset? SignedInAtOf(ClaimsPrincipal? principal) =>
        long.TryParse(principal?.FindFirstValue(SignedInAt), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : null;

    /// <summary>
    /// Claims that describe the sign-in rather than the person, and so must survive the security stamp validator's
    /// rebuild of the principal from the database.
    /// </summary>
    public static IEnumerable<Claim> OfTheSignIn(ClaimsPrincipal principal) =>
        principal.Claims.Where(c => c.Type is AuthenticationMethods or SignedInAt || c.Type == ClaimTypes.AuthenticationMethod);
}

/// <summary>
/// ASVS 5.0 (V6.3.2): the Chair and Administrator roles count only in a session signed into with a second factor.
/// Every request's principal passes through here (claims transformation runs after the cookie is read), so pages,
/// [Authorize] policies, the navigation and the mediator's <c>ICurrentUser</c> all see the same standing: without the
/// second factor the role claims are replaced by <see cref="SessionClaims.AwaitingSecondFactor"/> claims, and the
/// person still acts as the member they are.
/// </summary>
public sealed class ElevatedStanding : Microsoft.AspNetCore.Authentication.IClaimsTransformation
{
    public Task<ClaimsPrincipal> TransformAsync(ClaimsPrincipal principal)
    {
        if (principal.Identity?.IsAuthenticated != true || principal.UsedSecondFactor()) return Task.FromResult(principal);
        var held = SessionClaims.ElevatedRoles.Where(principal.IsInRole).ToList();
        if (held.Count == 0) return Task.FromResult(principal);

        // A copy: the transformation may run more than once for a request, and the cookie's principal stays as issued.
        var identities = principal.Identities.Select(identity => new ClaimsIdentity(
            identity.Claims.Where(c => !(c.Type == identity.RoleClaimType && SessionClaims.IsElevated(c.Value))),
            identity.AuthenticationType, identity.NameClaimType, identity.RoleClaimType)).ToList();
        identities[0].AddClaims(held.Select(role => new Claim(SessionClaims.AwaitingSecondFactor, role)));
        return Task.FromResult(new ClaimsPrincipal(identities));
    }
}
