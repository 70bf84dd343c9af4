using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Hosting;

/// <summary>The reverse proxies whose <c>X-Forwarded-For</c>/<c>-Proto</c> the portal believes: <c>Consultation:Proxies</c>.</summary>
public sealed class TrustedProxyOptions
{
    public const string Section = "Consultation:Proxies";

    /// <summary>IP addresses of the proxies in front of the portal. Empty: forwarded headers are ignored, as a client could forge them.</summary>
    public string[] Addresses { get; set; } = [];
}

/// <summary>
/// Behind a configured proxy, the client's address (rate limits, the security log) and scheme (Secure cookies, HSTS)
/// come from the proxy's forwarded headers; from anyone else those headers are ignored (ASVS V4.1.3, V15.3.4).
/// </summary>
public static class TrustedProxies
{
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services)
    {
        services.AddOptions<TrustedProxyOptions>()
            .BindConfiguration(TrustedProxyOptions.Section)
            .Validate(o => o.Addresses.All(a => IPAddress.TryParse(a, out _)), $"{TrustedProxyOptions.Section}:Addresses must be IP addresses.")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<TrustedProxyOptions>>((forwarded, proxies) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the configured proxies: not the loopback defaults, and only the last hop, which the proxy itself wrote.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            forwarded.ForwardLimit = 1;
            foreach (var address in proxies.Value.Addresses) forwarded.KnownProxies.Add(IPAddress.Parse(address));
        });
        return services;
    }

    /// <summary>First in the pipeline, so that everything after it sees the client's own address and scheme.</summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<TrustedProxyOptions>>().Value.Addresses.Length > 0)
            app.UseForwardedHeaders();
        return app;
    }
}
