using System.Net;
using Consultation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Tests;

/// <summary>A portal whose deployer has named a security contact, valid until a fixed date far ahead.</summary>
public sealed class SecurityContactPortalFactory : PortalFactory
{
    public const string Contact = "mailto:security@consultation.example";
    public const string Expires = "2099-01-31T00:00:00Z";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Consultation:SecurityTxt:Contact", Contact).UseSetting("Consultation:SecurityTxt:Expires", Expires);
    }
}

public sealed class SecurityTxtTests(SecurityContactPortalFactory portal) : IClassFixture<SecurityContactPortalFactory>
{
    [Fact]
    public async Task The_configured_contact_is_served_as_rfc_9116_text_with_its_expiry_and_canonical_address()
    {
        using var response = await portal.CreateClient().GetAsync("/.well-known/security.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"Contact: {SecurityContactPortalFactory.Contact}", lines);
        Assert.Contains($"Expires: {SecurityContactPortalFactory.Expires}", lines);
        Assert.Contains(lines, line => line.StartsWith("Canonical: http", StringComparison.Ordinal) && line.EndsWith("/.well-known/security.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_configured_contact_there_is_no_security_txt_rather_than_a_made_up_address()
    {
        using var plain = new PortalFactory();

        using var response = await plain.CreateClient().GetAsync("/.well-known/security.txt");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("security@consultation.example", "2099-01-01T00:00:00Z", "mailto: or https:")]
    [InlineData("http://consultation.example/report", "2099-01-01T00:00:00Z", "mailto: or https:")]
    [InlineData("mailto:security@consultation.example", "", "Expires is required")]
    public void A_contact_that_is_not_a_mailto_or_https_uri_or_has_no_expiry_stops_the_portal_at_start(string contact, string expires, string message)
    {
        using var misconfigured = new PortalFactory().WithWebHostBuilder(builder => builder
            .UseSetting("Consultation:SecurityTxt:Contact", contact)
            .UseSetting("Consultation:SecurityTxt:Expires", expires));

        var failure = Assert.Throws<OptionsValidationException>(() => misconfigured.CreateClient());

        Assert.Contains(message, failure.Message);
    }
}
