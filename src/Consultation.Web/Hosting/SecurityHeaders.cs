namespace Consultation.Web.Hosting;

/// <summary>
/// Headers that tell the browser what this portal's pages may do, on every response (pages, the API, exports,
/// static files, error and not-found pages): set when the response starts, so that whatever writes it gets them.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// No inline script and no script from elsewhere: blazor.web.js and the components' modules are files served
    /// from this origin. Styles are files too (app.css and the scoped CSS bundle); nothing the portal renders uses a
    /// style attribute that must apply, so 'unsafe-inline' is not needed. connect-src 'self' covers Blazor Server's
    /// WebSocket: CSP Level 3 lets 'self' match ws:/wss: of the same host, which Chromium implements.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; "
        + "frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'";

    /// <summary>The portal uses none of these features; a page that embedded something could not either.</summary>
    public const string PermissionsPolicy = "camera=(), microphone=(), geolocation=(), payment=(), usb=()";

    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["Content-Security-Policy"] = ContentSecurityPolicy,
        ["X-Content-Type-Options"] = "nosniff",
        // Links to other sites get the origin only, never a path with a search or a token in it.
        ["Referrer-Policy"] = "strict-origin-when-cross-origin",
        // For browsers without frame-ancestors.
        ["X-Frame-Options"] = "DENY",
        ["Permissions-Policy"] = PermissionsPolicy,
    };

    /// <summary>
    /// HSTS (sent outside Development, over HTTPS, by UseHsts): a year and every subdomain, as ASVS 5.0 V3.4.1 asks at level 2,
    /// instead of ASP.NET Core's 30 days.
    /// </summary>
    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services) => services.AddHsts(hsts =>
    {
        hsts.MaxAge = TimeSpan.FromDays(365);
        hsts.IncludeSubDomains = true;
    });

    /// <summary>First in the pipeline, so that responses written by the exception handler and the status-code pages have them.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(static state =>
        {
            var headers = ((HttpResponse)state).Headers;
            foreach (var (name, value) in All) headers[name] = value;
            return Task.CompletedTask;
        }, context.Response);
        return next(context);
    });
}
