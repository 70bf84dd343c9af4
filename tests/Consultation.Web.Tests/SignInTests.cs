using System.Net;
using Consultation.Testing;

namespace Consultation.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalFactory portal)
{
    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    [Fact]
    public async Task Chair_signs_in_and_lands_on_the_dashboard_with_the_stages_they_chair()
    {
        var answer = await _client.SignInAsync("chair@demo.example", PortalFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/dashboard", answer.Location!.AbsolutePath);

        var dashboard = await _client.GetPageAsync(answer.Location.PathAndQuery);

        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Contains("Welcome, Chidi Chair (demo)", dashboard.TextOf("h1"));
        Assert.Contains("Review stages you chair", dashboard.TextOf("[data-testid=chaired-stages] h2"));
        Assert.Contains("Global DNS-CERT Business Case", dashboard.TextOf("[data-testid=chaired-stages] td"));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        // Not one of the primary demo accounts, so that locking it leaves the other tests alone.
        const string email = "rep.jprs@demo.example";
        for (var attempt = 1; attempt <= 4; attempt++)
            Assert.Contains("Invalid login attempt", (await _client.SignInAsync(email, "not-the-password-" + attempt)).Html);
        await _client.SignInAsync(email, "not-the-password-5");

        var answer = await _client.SignInAsync(email, PortalFactory.DemoPassword);

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Account/Lockout", answer.Location!.AbsolutePath);
        Assert.Contains("locked out", (await _client.GetPageAsync("/Account/Lockout")).TextOf("[role=alert]"));
        Assert.Equal(HttpStatusCode.Redirect, (await _client.GetAsync("/dashboard")).StatusCode);
    }
}
