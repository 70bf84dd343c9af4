using System.Net;
using Consultation.Application.DemoData;
using Consultation.Application.Features.Reviews;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Security;
using Consultation.Testing;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>
/// ASVS 5.0 V6.3.2: a chair or administrator acts as one only in a session signed into with a second factor (an
/// authenticator app here; a passkey counts too). Without it they are sent to set one up, their requests are refused
/// and logged, and they still take part as a member.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class SecondFactorTests(PortalFactory portal)
{
    private const string Password = "a chair's long passphrase";
    private const string OtherSessionsForm = "form[method=post]:not([action$='Account/Logout'])";

    [Fact]
    public async Task A_chair_signed_in_with_a_password_alone_is_sent_to_set_up_a_second_factor_and_stays_a_member()
    {
        var (email, id) = await ChairWithoutSecondFactorAsync();
        var client = portal.CreateBrowserlikeClient();

        var signedIn = await client.SignInAsync(email, Password);
        Assert.Equal("/dashboard", signedIn.Location?.AbsolutePath);

        var chairPage = await client.GetPageAsync("/chair");
        Assert.Equal(HttpStatusCode.Redirect, chairPage.Status);
        Assert.Equal("/Account/Manage/SecondFactorRequired", chairPage.Location!.AbsolutePath);
        var advice = await client.GetPageAsync(chairPage.Location.PathAndQuery);
        Assert.Contains("authenticator app", advice.TextOf("[data-testid=second-factor-required]"));
        Assert.Contains("Chair", advice.TextOf("h3"));

        var dashboard = await client.GetPageAsync("/dashboard");
        Assert.Equal(HttpStatusCode.OK, dashboard.Status);
        Assert.Empty(dashboard.Document.QuerySelectorAll("[data-testid=chaired-stages]"));
        Assert.NotEmpty(dashboard.Document.QuerySelectorAll("[data-testid=second-factor-link]"));
        Assert.DoesNotContain(dashboard.Document.QuerySelectorAll("nav a"), a => a.GetAttribute("href") == "chair");

        Assert.Contains(await EventsOfAsync(id), e => e.Kind == SecurityEventKind.AuthorizationRefused
                                                     && e.Detail.Contains("GET /chair") && e.Detail.Contains("second factor"));
    }

    [Fact]
    public async Task Enrolling_an_authenticator_app_makes_the_session_count_as_two_factor()
    {
        var (email, _) = await ChairWithoutSecondFactorAsync();
        var client = portal.CreateBrowserlikeClient();
        await client.SignInAsync(email, Password);

        var enrol = await client.GetPageAsync("/Account/Manage/EnableAuthenticator");
        var key = enrol.TextOf("kbd").Replace(" ", "");
        var enrolled = await client.SubmitFormAsync(enrol, OtherSessionsForm,
            new Dictionary<string, string> { ["Input.Code"] = Totp.Code(key) });
        Assert.True(enrolled.Html.Contains("authenticator app has been verified"), $"{enrolled.Status} {enrolled.Location} {enrolled.Address}");

        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/chair")).Status);

        // The next sign-in asks for the code, and the one this test computes is accepted.
        var again = portal.CreateBrowserlikeClient();
        var answer = await again.SignInAsync(email, Password, authenticatorKey: key);
        Assert.Equal("/dashboard", answer.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await again.GetPageAsync("/chair")).Status);
    }

    [Fact]
    public async Task A_wrong_authenticator_code_signs_nobody_in_and_is_logged()
    {
        var client = portal.CreateBrowserlikeClient();
        var login = await client.GetPageAsync("/Account/Login");
        var asked = await client.SubmitFormAsync(login, "form[action$='Account/Login']",
            new Dictionary<string, string> { ["Input.Email"] = "admin@demo.example", ["Input.Password"] = PortalFactory.DemoPassword });
        Assert.Equal("/Account/LoginWith2fa", asked.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetPageAsync("/dashboard")).Status);

        var codePage = await client.GetPageAsync(asked.Location!.PathAndQuery);
        var wrong = WrongCode(Totp.Code(DemoDataSeeder.AdminAuthenticatorKey));
        var refused = await client.SubmitSecondFactorAsync(codePage, wrong);

        Assert.Contains("Invalid authenticator code", refused.Html);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetPageAsync("/dashboard")).Status);
        using var admin = await portal.SignedInScopeAsync("admin@demo.example");
        Assert.Contains(await EventsOfAsync(admin.Person.Id), e => e is { Kind: SecurityEventKind.SignInFailed, Detail: "Wrong authenticator code" });
    }

    [Fact]
    public async Task A_chairs_request_without_a_second_factor_is_refused_by_the_pipeline_and_logged()
    {
        using var chair = await portal.SignedInScopeAsync("chair@demo.example", secondFactor: false);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(async () =>
            await chair.Services.GetRequiredService<IMediator>().Send(new ChairDashboard.Query()));

        Assert.Contains("second factor", refused.Message);
        Assert.Contains(await EventsOfAsync(chair.Person.Id), e => e.Kind == SecurityEventKind.AuthorizationRefused
                                                                  && e.Detail.StartsWith("ChairDashboard.Query") && e.Detail.Contains("second factor"));
    }

    /// <summary>Another six digits: the right code with its last digit changed.</summary>
    private static string WrongCode(string code) => code[..5] + (char)('0' + (code[5] - '0' + 1) % 10);

    private async Task<(string Email, string Id)> ChairWithoutSecondFactorAsync()
    {
        var chair = await portal.NewAccountAsync(Password, "Casey Chair", Roles.Chair, Roles.Member);
        return (chair.Email!, chair.Id);
    }

    private async Task<List<SecurityEvent>> EventsOfAsync(string personId)
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync();
        return await db.SecurityEvents.AsNoTracking().Where(e => e.PersonId == personId).ToListAsync();
    }
}
