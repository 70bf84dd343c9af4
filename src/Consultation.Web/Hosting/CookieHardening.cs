using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace Consultation.Web.Hosting;

/// <summary>
/// The sign-in and two-factor cookies: HttpOnly and SameSite everywhere, and outside Development <c>Secure</c> with the
/// <c>__Host-</c> prefix, so that no other host or path (nor plain HTTP) can set or read them. The antiforgery cookie
/// (a token, not a session) is HttpOnly, SameSite=Strict, and Secure over HTTPS.
/// Development keeps plain names because browsers refuse <c>__Host-</c> cookies over http://.
/// </summary>
public static class CookieHardening
{
    private const string HostPrefix = "__Host-";

    public static IServiceCollection AddCookieHardening(this IServiceCollection services, IWebHostEnvironment environment)
    {
        var deployed = !environment.IsDevelopment();
        // PostConfigureAll: after Identity has named each of its schemes' cookies, whatever scheme is added later.
        services.PostConfigureAll<CookieAuthenticationOptions>(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Lax; // Lax, not Strict: a link from a mail or another site must arrive signed in.
            if (deployed) Harden(options.Cookie);
        });
        // Antiforgery throws on a plain-HTTP request when its cookie must be Secure, and a TLS-terminating proxy whose
        // forwarded headers are not configured looks like plain HTTP: so Secure whenever the request is HTTPS, no prefix.
        services.PostConfigure<AntiforgeryOptions>(options =>
        {
            options.Cookie.HttpOnly = true;
            options.Cookie.SameSite = SameSiteMode.Strict;
            options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        return services;
    }

    private static void Harden(CookieBuilder cookie)
    {
        cookie.SecurePolicy = CookieSecurePolicy.Always;
        cookie.Path = "/";
        cookie.Domain = null;
        if (cookie.Name is { } name && !name.StartsWith(HostPrefix, StringComparison.Ordinal))
            cookie.Name = HostPrefix + name.TrimStart('.');
    }
}
