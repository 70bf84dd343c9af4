using Consultation.Application.Identity;
using Consultation.Testing;
using Consultation.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class AccountClosureTests(PortalFactory portal)
{
    private const string Password = "a passphrase long enough";

    [Fact]
    public async Task Closing_an_account_that_submitted_keeps_the_submission_under_a_former_participant()
    {
        var email = await RegisterAsync("Dana Departing");
        var receipt = await portal.SubmitAsync(email, "A comment that must outlive its author's account.");

        await CloseAccountAsync(email);

        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        Assert.Null(await users.FindByEmailAsync(email));
        var page = await portal.CreateBrowserlikeClient().GetPageAsync(receipt.Permalink);
        Assert.Contains(AccountClosure.FormerParticipant, page.TextOf("h1"));
        Assert.DoesNotContain("Dana Departing", page.Html);
        Assert.Contains("outlive its author", page.TextOf("article"));
        var signInAgain = await portal.CreateBrowserlikeClient().SignInAsync(email, Password);
        Assert.NotEqual("/dashboard", signInAgain.Location?.AbsolutePath);
    }

    [Fact]
    public async Task Closing_an_account_that_never_spoke_in_public_deletes_it()
    {
        var email = await RegisterAsync("Quinn Quiet");

        await CloseAccountAsync(email);

        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        Assert.Null(await users.FindByEmailAsync(email));
        Assert.DoesNotContain(users.Users, p => p.DisplayName == "Quinn Quiet");
    }

    private async Task<string> RegisterAsync(string name) => (await portal.NewAccountAsync(Password, name)).Email!;

    private async Task CloseAccountAsync(string email)
    {
        var client = portal.CreateBrowserlikeClient();
        await client.SignInAsync(email, Password);
        var form = await client.GetPageAsync("/Account/Manage/DeletePersonalData");
        var answer = await client.SubmitFormAsync(form, "form[action$='DeletePersonalData']", new Dictionary<string, string> { ["Input.Password"] = Password });
        Assert.True(answer.Status is System.Net.HttpStatusCode.Redirect, answer.Html);
    }
}
