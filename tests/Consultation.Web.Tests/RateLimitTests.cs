using System.Net;
using System.Text.Json;
using Consultation.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>A portal with 5 requests a minute per client, whose clients are told apart by a test header (TestServer has no addresses).</summary>
public class LowLimitPortalFactory : PortalFactory
{
    public const int Limit = 5;
    public const string ClientHeader = "X-Test-Client-Address";

    protected override int PermitLimit => Limit;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddresses>());
    }

    /// <summary>Runs before the portal's pipeline, so that the limiter partitions by the address it sets.</summary>
    private sealed class ClientAddresses : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[ClientHeader].FirstOrDefault() ?? "192.0.2.1");
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

public sealed class RateLimitTests(LowLimitPortalFactory portal) : IClassFixture<LowLimitPortalFactory>
{
    private HttpClient ClientAt(string address)
    {
        var client = portal.CreateBrowserlikeClient();
        client.DefaultRequestHeaders.Add(LowLimitPortalFactory.ClientHeader, address);
        return client;
    }

    [Fact]
    public async Task The_api_answers_429_with_retry_after_and_a_problem_beyond_the_limit_while_another_client_is_served()
    {
        var client = ClientAt("198.51.100.10");
        for (var i = 0; i < LowLimitPortalFactory.Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/consultations")).StatusCode);

        using var refused = await client.GetAsync("/api/v1/consultations");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.InRange(int.Parse(refused.Headers.GetValues("Retry-After").Single()), 1, 60);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync());
        Assert.Equal(429, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await ClientAt("198.51.100.11").GetAsync("/api/v1/consultations")).StatusCode);
    }

    /// <summary>Search and whole-chain verification are the costly public pages.</summary>
    [Theory]
    [InlineData("/search?q=root", "198.51.100.20")]
    [InlineData("/ledger?verify=1", "198.51.100.40")]
    public async Task A_costly_page_answers_429_with_retry_after_beyond_the_limit_and_other_pages_are_not_limited(string costly, string address)
    {
        var client = ClientAt(address);
        for (var i = 0; i < LowLimitPortalFactory.Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(costly)).StatusCode);

        using var refused = await client.GetAsync(costly);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Contains("Too many requests", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/consultations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ClientAt("198.51.100.99").GetAsync(costly)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_posts_are_limited_per_address_but_showing_the_form_is_not()
    {
        var client = ClientAt("198.51.100.30");
        for (var i = 0; i <= LowLimitPortalFactory.Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
        var login = await client.GetPageAsync("/Account/Login");
        var wrongPassword = new Dictionary<string, string> { ["Input.Email"] = "nobody@demo.example", ["Input.Password"] = "not-the-password" };
        for (var i = 0; i < LowLimitPortalFactory.Limit; i++)
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await client.SubmitFormAsync(login, "form[action$='Account/Login']", wrongPassword)).Status);

        var refused = await client.SubmitFormAsync(login, "form[action$='Account/Login']", wrongPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.Status);
    }
}

/// <summary>The low-limit portal behind a reverse proxy at 10.0.0.5, which <c>Consultation:Proxies</c> names.</summary>
public sealed class ProxiedLowLimitPortalFactory : LowLimitPortalFactory
{
    public const string Proxy = "10.0.0.5";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Consultation:Proxies:Addresses:0", Proxy);
    }
}

public sealed class TrustedProxyTests(ProxiedLowLimitPortalFactory portal) : IClassFixture<ProxiedLowLimitPortalFactory>
{
    private HttpClient Client(string connectedFrom, string forwardedFor)
    {
        var client = portal.CreateBrowserlikeClient();
        client.DefaultRequestHeaders.Add(LowLimitPortalFactory.ClientHeader, connectedFrom);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return client;
    }

    [Fact]
    public async Task Behind_the_configured_proxy_each_forwarded_client_has_its_own_limit()
    {
        var first = Client(ProxiedLowLimitPortalFactory.Proxy, "203.0.113.1");
        for (var i = 0; i < LowLimitPortalFactory.Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/v1/consultations")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.GetAsync("/api/v1/consultations")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Client(ProxiedLowLimitPortalFactory.Proxy, "203.0.113.2").GetAsync("/api/v1/consultations")).StatusCode);
    }

    [Fact]
    public async Task A_client_that_is_not_the_proxy_cannot_escape_its_limit_by_forging_forwarded_for()
    {
        for (var i = 0; i < LowLimitPortalFactory.Limit; i++)
            Assert.Equal(HttpStatusCode.OK, (await Client("198.51.100.60", $"203.0.113.{100 + i}").GetAsync("/api/v1/consultations")).StatusCode);

        Assert.Equal(HttpStatusCode.TooManyRequests, (await Client("198.51.100.60", "203.0.113.200").GetAsync("/api/v1/consultations")).StatusCode);
    }
}
