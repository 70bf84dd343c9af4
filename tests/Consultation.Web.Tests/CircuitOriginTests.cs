using System.Net;
using Consultation.Testing;

namespace Consultation.Web.Tests;

/// <summary>ASVS V4.4.2: the Blazor hub answers only browsers whose Origin is this portal.</summary>
public sealed class CircuitOriginTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Theory]
    [InlineData("https://evil.example", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost.evil.example", HttpStatusCode.Forbidden)]
    [InlineData("null", HttpStatusCode.Forbidden)]
    [InlineData("http://localhost", HttpStatusCode.OK)]
    public async Task Negotiating_a_circuit_is_refused_to_a_foreign_origin(string origin, HttpStatusCode expected)
    {
        using var client = portal.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        request.Headers.Add("Origin", origin);

        using var response = await client.SendAsync(request);

        Assert.Equal(expected, response.StatusCode);
    }
}
