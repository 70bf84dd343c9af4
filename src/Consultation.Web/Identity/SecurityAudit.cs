using Consultation.Application.Identity;
using Consultation.Application.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Identity;

/// <summary>The remote address of the HTTP request in progress; none inside an interactive circuit's later events.</summary>
public sealed class HttpClientOrigin(IHttpContextAccessor accessor) : IClientOrigin
{
    public string? Address => accessor.HttpContext?.Connection.RemoteIpAddress?.ToString();
}

/// <summary>Identity's sign-in, with every password sign-in written to the security log: success, failure, lockout.</summary>
public sealed class AuditedSignInManager(UserManager<Person> users, IHttpContextAccessor context, IUserClaimsPrincipalFactory<Person> claims,
    IOptions<IdentityOptions> options, ILogger<SignInManager<Person>> logger, IAuthenticationSchemeProvider schemes,
    IUserConfirmation<Person> confirmation, ISecurityLog log)
    : SignInManager<Person>(users, context, claims, options, logger, schemes, confirmation)
{
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

/// <summary>Pages and endpoints refused to a signed-in person (403) are written to the security log.</summary>
public sealed class AuditedAuthorizationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden)
            await context.RequestServices.GetRequiredService<ISecurityLog>().WriteAsync(SecurityEventKind.AuthorizationRefused, context.User.FindFirst(System.Security.Claims.ClaimTypes.NameIdentifier)?.Value,
                $"{context.Request.Method} {context.Request.Path}");
        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}
