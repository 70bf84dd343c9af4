using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;
using Consultation.Application;
using Consultation.Application.Identity;
using Consultation.Testing;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MimeKit;

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

    [Theory]
    [InlineData("qwerty123456")]
    [InlineData("QWERTY123456")]
    [InlineData("1qaz2wsx3edc")]
    [InlineData("leavemealone")]
    public async Task A_common_password_is_refused_next_to_the_field_and_no_account_is_made(string password)
    {
        var email = $"common-{password.ToLowerInvariant()}@example.org";
        var answer = await RegisterAsync("Common Password", email, password);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("most commonly used passwords", answer.TextOf("[id='Input.Password'] ~ .text-danger"));
        Assert.DoesNotContain($"value=\"{password}\"", answer.Html);
        using var scope = portal.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<Person>>().FindByEmailAsync(email));
    }

    [Theory]
    [InlineData("ccnso-chair-2026", "Context Words", "context-a@example.org")]
    [InlineData("Consultation2026!", "Context Words", "context-b@example.org")]
    [InlineData("icann.dnscert.registry", "Context Words", "context-c@example.org")]
    [InlineData("Marguerite Okonkwo 77", "Marguerite Okonkwo", "context-d@example.org")]
    [InlineData("haliburtonx-haliburtonx", "Context Words", "haliburtonx@example.org")]
    public async Task A_password_made_of_context_words_or_the_persons_own_name_is_refused_next_to_the_field(string password, string name, string email)
    {
        var answer = await RegisterAsync(name, email, password);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Contains("mostly the name of this portal", answer.TextOf("[id='Input.Password'] ~ .text-danger"));
        using var scope = portal.Services.CreateScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<Person>>().FindByEmailAsync(email));
    }

    [Fact]
    public async Task A_passphrase_that_only_mentions_a_context_word_is_accepted()
    {
        using var scope = portal.Services.CreateScope();
        var person = new Person { UserName = "mentions@example.org", Email = "mentions@example.org", DisplayName = "Mentions Context" };

        var created = await scope.ServiceProvider.GetRequiredService<UserManager<Person>>().CreateAsync(person, "the icann consultation about tea kettles");

        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
    }

    [Fact]
    public async Task Passwords_of_64_characters_and_of_any_composition_are_accepted_and_over_128_refused()
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        async Task<IdentityResult> CreateAsync(string email, string password) =>
            await users.CreateAsync(new Person { UserName = email, Email = email, DisplayName = "Length Test" }, password);

        Assert.True((await CreateAsync("len64@example.org", new string('x', 40) + " only lower case words here")).Succeeded);
        Assert.True((await CreateAsync("len128@example.org", string.Concat(Enumerable.Repeat("abcdefgh", 16)))).Succeeded);
        var tooLong = await CreateAsync("len129@example.org", new string('y', 129));
        Assert.Contains(tooLong.Errors, e => e.Code == Consultation.Web.Identity.CommonPasswordValidator.TooLongCode);
        Assert.True(Consultation.Web.Identity.CommonPasswordValidator.ListSize >= 10_000);
    }

    [Fact]
    public async Task A_missing_name_is_asked_for_next_to_the_field()
    {
        var answer = await RegisterAsync("", "noname@example.org", "a long enough passphrase");

        Assert.Contains("Enter the name to show beside what you submit.", answer.TextOf(".validation-message"));
    }

    [Fact]
    public async Task Registering_mails_a_confirmation_link_to_the_pickup_folder_and_following_it_confirms_the_account()
    {
        await RegisterAsync("Mia Mailbox", "mia@example.org", "a long enough passphrase");

        var message = Assert.Single(portal.MailsTo("mia@example.org"));
        Assert.Equal("Confirm your account on Consultation", message.Subject);
        var link = Regex.Match(message.TextBody ?? "", @"http\S+/Account/ConfirmEmail\?\S+").Value;
        Assert.Equal(link, new HtmlParser().ParseDocument(message.HtmlBody ?? "").QuerySelector("a")?.GetAttribute("href"));
        Assert.False(await IsConfirmedAsync("mia@example.org"));

        var confirmation = await _client.GetPageAsync(new Uri(link).PathAndQuery);

        Assert.Contains("Thank you for confirming your email.", confirmation.TextOf("main"));
        Assert.True(await IsConfirmedAsync("mia@example.org"));
    }

    private async Task<bool> IsConfirmedAsync(string email)
    {
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        return await users.FindByEmailAsync(email) is { EmailConfirmed: true };
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
