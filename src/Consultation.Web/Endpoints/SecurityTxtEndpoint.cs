using System.Globalization;
using System.Text;
using Consultation.Application;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Endpoints;

/// <summary>Who to tell about a vulnerability: <c>Consultation:SecurityTxt</c>. Each deployment sets its own.</summary>
public sealed class SecurityTxtOptions
{
    public const string Section = "Consultation:SecurityTxt";

    /// <summary>A <c>mailto:</c> or <c>https:</c> URI. Empty: the portal serves no security.txt rather than a made-up address.</summary>
    public string Contact { get; set; } = "";

    /// <summary>RFC 9116 requires an expiry, so that a stale contact stops being trusted; the deployer renews it.</summary>
    public DateTimeOffset? Expires { get; set; }
}

public static class SecurityTxtEndpoint
{
    public const string Path = "/.well-known/security.txt";

    public static IServiceCollection AddSecurityTxt(this IServiceCollection services)
    {
        services.AddOptions<SecurityTxtOptions>()
            .BindConfiguration(SecurityTxtOptions.Section)
            .Validate(o => o.Contact.Length == 0 || IsContactUri(o.Contact), $"{SecurityTxtOptions.Section}:Contact must be a mailto: or https: URI.")
            .Validate(o => o.Contact.Length == 0 || o.Expires is not null, $"{SecurityTxtOptions.Section}:Expires is required when a contact is set (RFC 9116).")
            .ValidateOnStart();
        return services;
    }

    /// <summary>GET /.well-known/security.txt (RFC 9116); 404 when no contact is configured or it has expired.</summary>
    public static IEndpointRouteBuilder MapSecurityTxt(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet(Path, (IOptions<SecurityTxtOptions> configured, IOptions<ConsultationOptions> portal, TimeProvider clock) =>
        {
            var options = configured.Value;
            if (options.Contact.Length == 0 || options.Expires is not { } expires || expires <= clock.GetUtcNow())
                return Results.NotFound();
            var text = new StringBuilder()
                .Append("Contact: ").Append(options.Contact).Append('\n')
                .Append("Expires: ").Append(expires.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)).Append('\n')
                .Append("Preferred-Languages: en\n")
                .Append("Canonical: ").Append(portal.Value.PublicUrl.TrimEnd('/')).Append(Path).Append('\n');
            return Results.Text(text.ToString(), "text/plain; charset=utf-8");
        }).AllowAnonymous();
        return endpoints;
    }

    private static bool IsContactUri(string contact) =>
        Uri.TryCreate(contact, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeMailto || uri.Scheme == Uri.UriSchemeHttps);
}
