using Consultation.Application;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Hosting;

/// <summary>
/// ASVS V4.4.2: CORS does not cover WebSockets, so a page on another site could open a circuit with the reader's
/// cookies. The Blazor hub (<c>/_blazor</c>, its negotiation and its WebSocket) is refused to any browser whose
/// <c>Origin</c> is not this portal: the request's own host, or the configured public address behind a proxy.
/// A request without an Origin is no browser's cross-site request and passes.
/// </summary>
public static class CircuitOrigin
{
    private static readonly PathString Hub = "/_blazor";

    public static WebApplication UseCircuitOriginCheck(this WebApplication app)
    {
        var publicUrl = app.Services.GetRequiredService<IOptions<ConsultationOptions>>().Value.PublicUrl;
        var publicAuthority = Uri.TryCreate(publicUrl, UriKind.Absolute, out var configured) ? configured.Authority : null;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(CircuitOrigin));
        app.Use(async (context, next) =>
        {
            var origin = context.Request.Headers.Origin.ToString();
            if (context.Request.Path.StartsWithSegments(Hub) && origin.Length > 0 && !IsOwn(origin, context.Request.Host.Value, publicAuthority))
            {
                logger.LogWarning("Refused a circuit from the foreign origin {Origin}.", origin);
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }
            await next(context);
        });
        return app;
    }

    private static bool IsOwn(string origin, string? host, string? publicAuthority) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase)
            || string.Equals(uri.Authority, publicAuthority, StringComparison.OrdinalIgnoreCase));
}
