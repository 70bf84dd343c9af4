using System.Net;
using Consultation.Testing;

namespace Consultation.Web.Tests;

/// <summary>Who reaches the administration pages (the forms themselves are exercised in the application tests).</summary>
[Collection(PortalCollection.Name)]
public sealed class AdministrationPagesTests(PortalFactory portal)
{
    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    [Theory]
    [InlineData("/admin/bodies")]
    [InlineData("/admin/bodies/ccnso")]
    [InlineData("/chair/consultations/ksk-rollover-communication-plan/period")]
    public async Task An_anonymous_reader_is_sent_to_sign_in(string path)
    {
        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/Account/Login", page.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("/admin/bodies")]
    [InlineData("/admin/bodies/ccnso")]
    [InlineData("/chair/consultations/ksk-rollover-communication-plan/period")]
    public async Task A_member_is_denied_access(string path)
    {
        await _client.SignInAsync("member@demo.example");

        var page = await _client.GetPageAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, page.Status);
        Assert.Equal("/Account/AccessDenied", page.Location!.AbsolutePath);
    }

    [Fact]
    public async Task An_administrator_sees_every_body_and_a_bodys_members_and_mandates()
    {
        await _client.SignInAsync("admin@demo.example");

        var bodies = await _client.GetPageAsync("/admin/bodies");
        var ccnso = await _client.GetPageAsync("/admin/bodies/ccnso");

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (bodies.Status, ccnso.Status));
        Assert.Equal(14, bodies.Document.QuerySelectorAll("[data-testid=bodies] tbody tr").Length);
        Assert.Contains("ccNSO", bodies.TextOf("[data-testid=bodies] td a"));
        Assert.Contains("Administration", bodies.TextOf("nav a[href='admin/bodies']"));
        Assert.Contains("rep.ccnso@demo.example", ccnso.TextOf("[data-testid=mandates] td"));
        Assert.Contains("chair@demo.example", ccnso.TextOf("[data-testid=memberships] td"));
    }

    [Fact]
    public async Task A_member_sees_their_own_memberships_and_no_administration_link()
    {
        await _client.SignInAsync("member@demo.example");

        var page = await _client.GetPageAsync("/my/memberships");

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Contains("ALAC", page.TextOf("[data-testid=memberships] td"));
        Assert.Contains("You hold no mandate", page.TextOf("[data-testid=mandates]"));
        Assert.Null(page.Document.QuerySelector("nav a[href='admin/bodies']"));
    }

    [Fact]
    public async Task A_chair_reaches_the_period_page_from_the_consultation_page()
    {
        await _client.SignInAsync("chair@demo.example");

        var consultation = await _client.GetPageAsync("/consultations/ksk-rollover-communication-plan");
        var link = consultation.Document.QuerySelector("[data-testid=manage-period]")?.GetAttribute("href");
        var period = await _client.GetPageAsync("/" + link);

        Assert.Equal("chair/consultations/ksk-rollover-communication-plan/period", link);
        Assert.Equal(HttpStatusCode.OK, period.Status);
        Assert.Contains("Manage the periods", period.TextOf("h1"));
    }
}
