using System.Net;
using Consultation.Web.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consultation.Web.Tests;

/// <summary>Every kind of response carries the security headers, in the production pipeline (exception handler, HSTS).</summary>
public sealed class SecurityHeadersTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    public static TheoryData<string, HttpStatusCode> Responses => new()
    {
        { "/", HttpStatusCode.OK },
        { "/search?q=root", HttpStatusCode.OK },
        { "/api/v1/consultations", HttpStatusCode.OK },
        { "/api/v1/consultations/no-such-consultation", HttpStatusCode.NotFound },
        { "/openapi/v1.json", HttpStatusCode.OK },
        { "/archive.jsonl", HttpStatusCode.OK },
        { "/consultations/dns-cert-business-case-2010/submissions.csv", HttpStatusCode.OK },
        { "/no-such-page", HttpStatusCode.NotFound },
        { ProductionPortalFactory.FailingPath, HttpStatusCode.InternalServerError },
        { "/app.css", HttpStatusCode.OK },
        { "/Account/Login", HttpStatusCode.OK },
    };

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task The_response_carries_the_security_headers(string path, HttpStatusCode status)
    {
        using var response = await portal.CreateBrowserlikeClient().GetAsync(path);

        Assert.Equal(status, response.StatusCode);
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, Header(response, "Content-Security-Policy"));
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal(SecurityHeaders.PermissionsPolicy, Header(response, "Permissions-Policy"));
    }

    [Fact]
    public void The_policy_allows_no_inline_script_and_no_framing()
    {
        var directives = SecurityHeaders.ContentSecurityPolicy.Split(';', StringSplitOptions.TrimEntries);

        Assert.Contains("script-src 'self'", directives);
        Assert.Contains("frame-ancestors 'none'", directives);
        Assert.Contains("object-src 'none'", directives);
        Assert.DoesNotContain("unsafe", SecurityHeaders.ContentSecurityPolicy);
    }

    [Fact]
    public async Task Pages_contain_no_inline_script_the_policy_would_refuse()
    {
        var page = await portal.CreateBrowserlikeClient().GetPageAsync("/");

        var scripts = page.Document.QuerySelectorAll("script");
        Assert.NotEmpty(scripts);
        Assert.All(scripts, script => Assert.False(string.IsNullOrEmpty(script.GetAttribute("src")), script.OuterHtml));
    }

    [Fact]
    public async Task Https_responses_outside_development_carry_hsts()
    {
        // HSTS is never sent for localhost nor over plain HTTP: ask as a deployed host over HTTPS would be asked.
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://consultation.example/"), AllowAutoRedirect = false });

        using var response = await client.GetAsync("/");

        Assert.Equal("max-age=31536000; includeSubDomains", Header(response, "Strict-Transport-Security"));
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : $"(no {name} header)";
}
