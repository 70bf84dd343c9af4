using System.Net;
using Consultation.Application.Features.Bodies;
using Consultation.Application.Identity;
using Consultation.Testing;
using Consultation.Web.Components.Account;
using Consultation.Web.Hosting;
using Mediator;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Consultation.Web.Tests;

/// <summary>ASVS 5.0 V7.3 and V7.4: sessions end when idle, at their absolute lifetime, and when what the person may do changes.</summary>
[Collection(PortalCollection.Name)]
public sealed class SessionTests(PortalFactory portal)
{
    private const string Password = "a member's long passphrase";
    private const string ChangePasswordForm = "form[method=post]:not([action$='Account/Logout'])";

    [Fact]
    public async Task Changing_the_password_ends_the_other_sessions_and_keeps_this_one()
    {
        var email = (await portal.NewAccountAsync(Password)).Email!;
        var here = portal.CreateBrowserlikeClient();
        var elsewhere = portal.CreateBrowserlikeClient();
        await here.SignInAsync(email, Password);
        await elsewhere.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await elsewhere.GetPageAsync("/dashboard")).Status);

        var form = await here.GetPageAsync("/Account/Manage/ChangePassword");
        const string newPassword = "another long passphrase entirely";
        var changed = await here.SubmitFormAsync(form, ChangePasswordForm, new Dictionary<string, string>
        {
            ["Input.OldPassword"] = Password, ["Input.NewPassword"] = newPassword, ["Input.ConfirmPassword"] = newPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.Status);

        Assert.Equal(HttpStatusCode.OK, (await here.GetPageAsync("/dashboard")).Status);
        await AssertSessionEndedAsync(elsewhere);
    }

    [Fact]
    public async Task Granting_a_mandate_ends_the_persons_sessions_in_the_same_change()
    {
        var email = (await portal.NewAccountAsync(Password)).Email!;
        var member = portal.CreateBrowserlikeClient();
        await member.SignInAsync(email, Password);
        Assert.Equal(HttpStatusCode.OK, (await member.GetPageAsync("/dashboard")).Status);
        var bystander = portal.CreateBrowserlikeClient();
        await bystander.SignInAsync((await portal.NewAccountAsync(Password)).Email!, Password);

        using (var admin = await portal.SignedInScopeAsync("admin@demo.example"))
            await admin.Services.GetRequiredService<IMediator>().Send(new GrantMandate.Command("ccnso", email, DateTimeOffset.UtcNow));

        await AssertSessionEndedAsync(member);
        Assert.Equal(HttpStatusCode.OK, (await bystander.GetPageAsync("/dashboard")).Status);
    }

    [Fact]
    public void Sessions_are_revalidated_at_least_every_five_minutes_by_default()
    {
        var defaults = new SessionLifetimeOptions();
        Assert.True(defaults.RevalidationInterval <= TimeSpan.FromMinutes(5));
        Assert.Equal(TimeSpan.FromMinutes(30), defaults.IdleTimeout);
        Assert.Equal(TimeSpan.FromHours(12), defaults.AbsoluteLifetime);

        var circuits = new IdentityRevalidatingAuthenticationStateProvider(NullLoggerFactory.Instance, portal.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new IdentityOptions()), Options.Create(defaults), TimeProvider.System);
        Assert.True(circuits.Interval <= TimeSpan.FromMinutes(5));
        Assert.True(circuits.Interval > TimeSpan.Zero);
        // The portal as configured for the tests checks the stamp on every request.
        Assert.Equal(TimeSpan.Zero, portal.Services.GetRequiredService<IOptions<SecurityStampValidatorOptions>>().Value.ValidationInterval);
    }

    [Fact]
    public void A_revalidation_interval_over_five_minutes_stops_the_portal_at_start()
    {
        using var misconfigured = new MisconfiguredPortal();
        var failure = Assert.ThrowsAny<Exception>(() => misconfigured.Services);
        Assert.Contains("RevalidationInterval", failure.ToString());
    }

    /// <summary>The client's cookie no longer signs it in: a page for signed-in people sends it to sign in.</summary>
    internal static async Task AssertSessionEndedAsync(HttpClient client)
    {
        var refused = await client.GetPageAsync("/dashboard");
        Assert.Equal(HttpStatusCode.Redirect, refused.Status);
        Assert.Equal("/Account/Login", refused.Location!.AbsolutePath);
    }

    private sealed class MisconfiguredPortal : PortalFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Consultation:Sessions:RevalidationInterval", "00:10:00");
        }
    }
}

/// <summary>Sessions against a clock the test moves: idle 30 minutes, absolute 2 hours.</summary>
public sealed class SessionClockTests(SessionClockTests.Portal portal) : IClassFixture<SessionClockTests.Portal>
{
    private const string Password = "a member's long passphrase";

    public sealed class Portal : PortalFactory
    {
        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Consultation:Sessions:IdleTimeout", "00:30:00")
                .UseSetting("Consultation:Sessions:AbsoluteLifetime", "02:00:00")
                .ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }

    [Fact]
    public async Task A_session_idle_for_longer_than_the_idle_timeout_is_refused()
    {
        var client = await SignedInMemberAsync();
        portal.Clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/dashboard")).Status);

        portal.Clock.Advance(TimeSpan.FromMinutes(31));

        await SessionTests.AssertSessionEndedAsync(client);
    }

    [Fact]
    public async Task A_busy_session_ends_at_its_absolute_lifetime()
    {
        var client = await SignedInMemberAsync();
        // A request every 20 minutes keeps the session from idling out for the whole 2 hours.
        for (var elapsed = 20; elapsed < 120; elapsed += 20)
        {
            portal.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.True((await client.GetPageAsync("/dashboard")).Status == HttpStatusCode.OK, $"refused after {elapsed} minutes");
        }

        portal.Clock.Advance(TimeSpan.FromMinutes(20));

        await SessionTests.AssertSessionEndedAsync(client);
    }

    private async Task<HttpClient> SignedInMemberAsync()
    {
        var client = portal.CreateBrowserlikeClient();
        var answer = await client.SignInAsync((await portal.NewAccountAsync(Password)).Email!, Password);
        Assert.Equal("/dashboard", answer.Location?.AbsolutePath);
        Assert.Equal(HttpStatusCode.OK, (await client.GetPageAsync("/dashboard")).Status);
        return client;
    }
}
