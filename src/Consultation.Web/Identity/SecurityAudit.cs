using System.Security.Claims;
using Consultation.Application.Identity;
using Consultation.Application.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Identity;

/// <summary>The remote address of the HTTP request in progress; none inside an interactive circuit's later events.</summary>
public sealed class HttpClientOrigin(IHttpContextAccessor accessor) : IClientOrigin
{
    public string? Address => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}

/// <summary>
/// Identity's sign-in, with every sign-in written to the security log (success, failure, lockout), and every session
/// cookie stamped with how and when the person signed in (<see cref="SessionClaims"/>).
/// </summary>
public sealed class AuditedSignInManager(UserManager<Person> users, IHttpContextAccessor context, IUserClaimsPrincipalFactory<Person> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<Person>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<Person> confirmation, ISecurityLog log, TimeProvider clock)
    : SignInManager<Person>(users, context, claims, options, logger, schemes, confirmation)
{
    // The manager is scoped to one request: these carry what the request's sign-in proved into SignInWithClaimsAsync.
    private string? _secondFactor;
    private DateTimeOffset? _sessionStart;
    private Person? _signedIn;

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient) =>
        await AuditedSecondFactorAsync(() => base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient), "Authenticator code");

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode) =>
        await AuditedSecondFactorAsync(() => base.TwoFactorRecoveryCodeSignInAsync(recoveryCode), "Recovery code");

    /// <summary>Identity marks a passkey sign-in as a password one; it is a second factor in itself (possession plus PIN or biometric).</summary>
    public override async Task<SignInResult> PasskeySignInAsync(string credentialJson)
    {
        _secondFactor = SessionClaims.Passkey;
        try
        {
            var result = await base.PasskeySignInAsync(credentialJson);
            await log.WriteAsync(result.Succeeded ? SecurityEventKind.SignedIn : SecurityEventKind.SignInFailed, _signedIn?.Id,
                result.Succeeded ? "Passkey accepted" : "Passkey refused");
            return result;
        }
        finally { _secondFactor = null; }
    }

    /// <summary>
    /// Reissues the cookie (after a password or email change) as the same session: its start stays, so the absolute
    /// lifetime is not extended; a second factor the person has since removed no longer counts.
    /// </summary>
    public override async Task RefreshSignInAsync(Person user)
    {
        _sessionStart = SessionClaims.SignedInAtOf((await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal);
        try { await base.RefreshSignInAsync(user); }
        finally { _sessionStart = null; }
    }

    /// <summary>
    /// The person has just proved the authenticator or passkey they enrolled (with the code it shows, or its signature)
    /// in a session that already checked their password: that session now counts as signed in with two factors.
    /// </summary>
    public async Task ConfirmSecondFactorAsync(Person user, string method)
    {
        _secondFactor = method;
        try { await RefreshSignInAsync(user); }
        finally { _secondFactor = null; }
    }

    public override async Task SignInWithClaimsAsync(Person user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        var claims = additionalClaims.Where(c => c.Type != SessionClaims.SignedInAt).ToList();
        if (_secondFactor is not null)
        {
            claims.RemoveAll(c => c.Type == SessionClaims.AuthenticationMethods);
            claims.Add(new Claim(SessionClaims.AuthenticationMethods, _secondFactor));
        }
        else if (_sessionStart is not null && !await HasSecondFactorAsync(user))
            claims.RemoveAll(c => c.Type == SessionClaims.AuthenticationMethods && c.Value is SessionClaims.MultiFactor or SessionClaims.Passkey);
        claims.Add(SessionClaims.SignedInAtClaim(_sessionStart ?? clock.GetUtcNow()));
        _signedIn = user;
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    private async Task<bool> HasSecondFactorAsync(Person user) =>
        await UserManager.GetTwoFactorEnabledAsync(user) || (await UserManager.GetPasskeysAsync(user)).Count > 0;

    private async Task<SignInResult> AuditedSecondFactorAsync(Func<Task<SignInResult>> signIn, string what)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await signIn();
        var (kind, detail) = result switch
        {
            { Succeeded: true } => (SecurityEventKind.SignedIn, $"{what} accepted"),
            { IsLockedOut: true } => (SecurityEventKind.LockedOut, "Locked out after repeated failures"),
            _ => (SecurityEventKind.SignInFailed, $"Wrong {what.ToLowerInvariant()}"),
        };
        await log.WriteAsync(kind, user?.Id, detail);
        return result;
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        // Looked up once: the overload for a known person goes on to CheckPasswordSignInAsync, which records the outcome.
        if (await UserManager.FindByNameAsync(userName) is { } user)
            return await PasswordSignInAsync(user, password, isPersistent, lockoutOnFailure);
        await log.WriteAsync(SecurityEventKind.SignInFailed, null, $"Unknown account “{userName}”");
        return SignInResult.Failed;
    }

    public override async Task<SignInResult> CheckPasswordSignInAsync(Person user, string password, bool lockoutOnFailure)
    {
        var result = await base.CheckPasswordSignInAsync(user, password, lockoutOnFailure);
        var (kind, detail) = result switch
        {
            { Succeeded: true } => (SecurityEventKind.SignedIn, "Password accepted"),
            { IsLockedOut: true } => (SecurityEventKind.LockedOut, "Locked out after repeated failures"),
            { IsNotAllowed: true } => (SecurityEventKind.SignInNotAllowed, "Email address not confirmed"),
            { RequiresTwoFactor: true } => (SecurityEventKind.SignedIn, "Password accepted; second factor asked for"),
            _ => (SecurityEventKind.SignInFailed, "Wrong password"),
        };
        await log.WriteAsync(kind, user.Id, detail);
        return result;
    }
}

/// <summary>
/// Pages and endpoints refused to a signed-in person (403) are written to the security log. A Chair or Administrator
/// refused only because the session lacks a second factor is sent to the page that says how to add one.
/// </summary>
public sealed class AuditedAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    public const string SecondFactorRequiredPath = "/Account/Manage/SecondFactorRequired";

    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (!authorizeResult.Forbidden)
        {
            await _default.HandleAsync(next, context, policy, authorizeResult);
            return;
        }
        var awaiting = policy.Requirements.OfType<RolesAuthorizationRequirement>().SelectMany(r => r.AllowedRoles)
            .FirstOrDefault(role => context.User.AwaitsSecondFactorFor(role));
        await context.RequestServices.GetRequiredService<ISecurityLog>().WriteAsync(SecurityEventKind.AuthorizationRefused,
            context.User.FindFirst(ClaimTypes.NameIdentifier)?.Value,
            $"{context.Request.Method} {context.Request.Path}" + (awaiting is null ? "" : $" (acting as {awaiting} needs a second factor)"));
        if (awaiting is null)
            await _default.HandleAsync(next, context, policy, authorizeResult);
        else
            context.Response.Redirect(context.Request.PathBase + SecondFactorRequiredPath + QueryString.Create("ReturnUrl", context.Request.PathBase + context.Request.Path + context.Request.QueryString));
    }
}
