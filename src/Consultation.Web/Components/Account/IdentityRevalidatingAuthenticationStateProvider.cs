using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Consultation.Application.Identity;
using Consultation.Web.Hosting;

namespace Consultation.Web.Components.Account;

// Revalidates the security stamp of the connected user while an interactive circuit is open, so that a
// password, two-factor, mandate or membership change, or a sign-out everywhere, reaches open tabs within minutes; and
// ends the circuit's session at its absolute lifetime, as the cookie would on the next request.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        IServiceScopeFactory scopeFactory,
        IOptions<IdentityOptions> options,
        IOptions<SessionLifetimeOptions> sessions,
        TimeProvider clock)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>A circuit checks no more often than this, even when the cookie is checked on every request (tests).</summary>
    public static readonly TimeSpan ShortestInterval = TimeSpan.FromSeconds(10);

    public TimeSpan Interval => sessions.Value.RevalidationInterval < ShortestInterval ? ShortestInterval : sessions.Value.RevalidationInterval;

    protected override TimeSpan RevalidationInterval => Interval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        if (!SessionLifetime.IsWithin(authenticationState.User, clock, sessions.Value.AbsoluteLifetime)) return false;
        // Get the user manager from a new scope to ensure it fetches fresh data
        await using var scope = scopeFactory.CreateAsyncScope();
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        return await ValidateSecurityStampAsync(userManager, authenticationState.User);
    }

    private async Task<bool> ValidateSecurityStampAsync(UserManager<Person> userManager, ClaimsPrincipal principal)
    {
        var user = await userManager.GetUserAsync(principal);
        if (user is null)
        {
            return false;
        }
        else if (!userManager.SupportsUserSecurityStamp)
        {
            return true;
        }
        else
        {
            var principalStamp = principal.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
            var userStamp = await userManager.GetSecurityStampAsync(user);
            return principalStamp == userStamp;
        }
    }
}
