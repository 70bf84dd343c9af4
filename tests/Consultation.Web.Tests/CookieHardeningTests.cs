using AngleSharp.Html.Parser;
using Consultation.Testing;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Consultation.Web.Tests;

/// <summary>ASVS V3.3: cookies of a deployed portal (Production, over HTTPS): sign-in ones __Host-; all Secure, HttpOnly and SameSite.</summary>
public sealed class CookieHardeningTests(ProductionPortalFactory portal) : IClassFixture<ProductionPortalFactory>
{
    [Fact]
    public async Task Sign_in_cookies_are_host_only_and_with_the_antiforgery_cookie_secure_httponly_and_samesite()
    {
        using var client = portal.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://consultation.example/"), AllowAutoRedirect = false });

        using var login = await client.GetAsync("/Account/Login");
        var antiforgery = Assert.Single(SetCookies(login), cookie => cookie.Contains("Antiforgery", StringComparison.Ordinal));
        var form = new HtmlParser().ParseDocument(await login.Content.ReadAsStringAsync()).QuerySelector("form[action$='Account/Login']")!;
        var fields = form.QuerySelectorAll("input[type=hidden][name]").ToDictionary(i => i.GetAttribute("name")!, i => i.GetAttribute("value") ?? "");
        fields["Input.Email"] = "member@demo.example";
        fields["Input.Password"] = PortalFactory.DemoPassword;
        using var signedIn = await client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent(fields));

        Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
        var session = Assert.Single(SetCookies(signedIn), cookie => cookie.Contains("Identity.Application", StringComparison.Ordinal));
        // Every sign-in cookie the portal sets, including the external-sign-in cookie the login page clears.
        var sessionCookies = SetCookies(login).Concat(SetCookies(signedIn)).Where(cookie => cookie != antiforgery).ToList();
        Assert.Contains(session, sessionCookies);
        Assert.All(sessionCookies, cookie =>
        {
            Assert.StartsWith("__Host-", cookie, StringComparison.Ordinal);
            Assert.Contains("; path=/", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        });
        Assert.All(sessionCookies.Append(antiforgery), cookie =>
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; samesite=", cookie, StringComparison.OrdinalIgnoreCase);
        });
        Assert.Contains("samesite=strict", antiforgery, StringComparison.OrdinalIgnoreCase);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];
}
