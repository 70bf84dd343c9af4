using System.Net;
using Consultation.Application.Identity;
using Consultation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class RegistrationTests(PortalFactory portal)
{
    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    [Fact]
    public async Task Registering_creates_a_member_with_the_name_shown_beside_their_submissions()
    {
        var answer = await RegisterAsync("Noor Newcomer", "noor@example.org", "a long enough passphrase");

        Assert.Equal(HttpStatusCode.Redirect, answer.Status);
        Assert.Equal("/Account/RegisterConfirmation", answer.Location!.AbsolutePath);
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        var person = await users.FindByEmailAsync("noor@example.org");
        Assert.NotNull(person);
        Assert.Equal("Noor Newcomer", person.DisplayName);
        Assert.Equal([Roles.Member], await users.GetRolesAsync(person));
    }

    [Fact]
    public async Task A_password_under_twelve_characters_is_refused_next_to_the_field_and_no_account_is_made()
    {
        var answer = await RegisterAsync("Short Password", "short@example.org", "elevenchars");

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("at least 12", answer.TextOf(".validation-message"));
        using var scope = portal.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<Person>>().FindByEmailAsync("short@example.org"));
    }

    [Fact]
    public async Task A_missing_name_is_asked_for_next_to_the_field()
    {
        var answer = await RegisterAsync("", "noname@example.org", "a long enough passphrase");

        Assert.Contains("Enter the name to show beside what you submit.", answer.TextOf(".validation-message"));
    }

    private async Task<Page> RegisterAsync(string name, string email, string password)
    {
        var form = await _client.GetPageAsync("/Account/Register");
        return await _client.SubmitFormAsync(form, "form[action$='Account/Register']", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name, ["Input.Email"] = email, ["Input.Password"] = password, ["Input.ConfirmPassword"] = password,
        });
    }
}
