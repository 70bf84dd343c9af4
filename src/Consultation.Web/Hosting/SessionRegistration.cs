using Consultation.Web.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Hosting;

/// <summary>How long a sign-in lasts; <c>Consultation:Sessions</c>.</summary>
public sealed class SessionLifetimeOptions
{
    public const string Section = "Consultation:Sessions";

    /// <summary>The longest a session may go without being compared with the account (the issue asks for at most 5 minutes).</summary>
    public static readonly TimeSpan MaximumRevalidationInterval = TimeSpan.FromMinutes(5);

    /// <summary>A session with no request for this long is over (the cookie's sliding expiry).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>A session is over this long after the sign-in, however busy (NIST SP 800-63B's 12 hours for AAL2).</summary>
    public TimeSpan AbsoluteLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// How often a session's security stamp is compared with the person's: a password, two-factor, mandate or
    /// membership change ends their other sessions within this time. At most 5 minutes; zero checks every request.
    /// </summary>
    public TimeSpan RevalidationInterval { get; set; } = MaximumRevalidationInterval;
}

public static class SessionRegistration
{
    /// <summary>
    /// Idle timeout, absolute lifetime and revalidation for the sign-in cookie (after <c>AddIdentityAndRoles</c>, whose
    /// cookie options these extend), and the rule that Chair and Administrator need a second factor.
    /// </summary>
    public static IServiceCollection AddSessionLifetimes(this IServiceCollection services)
    {
        services.AddOptions<SessionLifetimeOptions>()
            .BindConfiguration(SessionLifetimeOptions.Section)
            .Validate(o => o.IdleTimeout > TimeSpan.Zero && o.AbsoluteLifetime >= o.IdleTimeout,
                $"{SessionLifetimeOptions.Section}: IdleTimeout must be positive and AbsoluteLifetime at least as long.")
            .Validate(o => o.RevalidationInterval >= TimeSpan.Zero && o.RevalidationInterval <= SessionLifetimeOptions.MaximumRevalidationInterval,
                $"{SessionLifetimeOptions.Section}: RevalidationInterval must be between zero and 5 minutes.")
            .ValidateOnStart();

        services.AddOptions<CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<IOptions<SessionLifetimeOptions>, TimeProvider>((cookie, sessions, clock) =>
            {
                cookie.TimeProvider = clock;
                cookie.ExpireTimeSpan = sessions.Value.IdleTimeout;
                cookie.SlidingExpiration = true;
                var validateSecurityStamp = cookie.Events.OnValidatePrincipal;
                cookie.Events.OnValidatePrincipal = async context =>
                {
                    if (!SessionLifetime.IsWithin(context.Principal, clock, sessions.Value.AbsoluteLifetime))
                    {
                        context.RejectPrincipal();
                        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
                        return;
                    }
                    await validateSecurityStamp(context);
                };
            });

        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SessionLifetimeOptions>, TimeProvider>((stamp, sessions, clock) =>
        {
            stamp.TimeProvider = clock;
            stamp.ValidationInterval = sessions.Value.RevalidationInterval;
            // The validator rebuilds the principal from the database; how and when the person signed in is not there.
            stamp.OnRefreshingPrincipal = context =>
            {
                if (context.CurrentPrincipal is { } current && context.NewPrincipal?.Identities.FirstOrDefault() is { } identity)
                    identity.AddClaims(SessionClaims.OfTheSignIn(current).Where(c => !identity.HasClaim(c.Type, c.Value)).Select(c => new System.Security.Claims.Claim(c.Type, c.Value, c.ValueType)));
                return Task.CompletedTask;
            };
        });

        services.AddTransient<IClaimsTransformation, ElevatedStanding>();
        return services;
    }
}

/// <summary>The absolute lifetime: a session counts from the sign-in its cookie records, which refreshing never moves.</summary>
public static class SessionLifetime
{
    public static bool IsWithin(System.Security.Claims.ClaimsPrincipal? principal, TimeProvider clock, TimeSpan absoluteLifetime) =>
        SessionClaims.SignedInAtOf(principal) is { } signedInAt && clock.GetUtcNow() - signedInAt < absoluteLifetime;
}
