using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Hosting;

/// <summary>How many requests one client (one IP address) may make in a window; <c>Consultation:RateLimits</c>.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "Consultation:RateLimits";

    /// <summary>Requests to the public API and the search page, per client and window.</summary>
    public int PermitLimit { get; set; } = 100;

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sign-in, registration and password-reset form posts, per client and window: lower, as each one guesses or mails.</summary>
    public int AccountPermitLimit { get; set; } = 10;

    public TimeSpan AccountWindow { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by the connection's IP address. Forwarded headers are not trusted:
/// behind a proxy every client would share its address unless the deployer configures forwarded headers.
/// </summary>
public static class RateLimits
{
    /// <summary>The public API (its route group) and the search page.</summary>
    public const string PublicReading = "public-reading";

    /// <summary>The sign-in, registration and password-reset pages; only their form posts count.</summary>
    public const string AccountForms = "account-forms";

    public static IServiceCollection AddPortalRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>()
            .BindConfiguration(RateLimitOptions.Section)
            .Validate(o => o.PermitLimit > 0 && o.AccountPermitLimit > 0, $"{RateLimitOptions.Section}: the permit limits must be positive.")
            .Validate(o => o.Window > TimeSpan.Zero && o.AccountWindow > TimeSpan.Zero, $"{RateLimitOptions.Section}: the windows must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, configured) =>
        {
            var limits = configured.Value;
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(PublicReading, context => RateLimitPartition.GetFixedWindowLimiter(ClientOf(context),
                _ => Window(limits.PermitLimit, limits.Window)));
            limiter.AddPolicy(AccountForms, context => HttpMethods.IsPost(context.Request.Method)
                ? RateLimitPartition.GetFixedWindowLimiter(ClientOf(context), _ => Window(limits.AccountPermitLimit, limits.AccountWindow))
                : RateLimitPartition.GetNoLimiter(""));
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    private static string ClientOf(HttpContext context) => (context.Connection.RemoteIpAddress ?? IPAddress.None).ToString();

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };

    /// <summary>429 with Retry-After in seconds; a problem document for the API, a short plain message for a page.</summary>
    private static async ValueTask RejectAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var http = rejected.HttpContext;
        if (rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        const string detail = "Too many requests from your address. Wait a moment (see Retry-After) and try again.";
        if (http.Request.Path.StartsWithSegments(Endpoints.PublicApi.PublicApiRegistration.Prefix))
        {
            await Results.Problem(detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests").ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = "text/plain; charset=utf-8";
        await http.Response.WriteAsync(detail, cancellationToken);
    }
}
