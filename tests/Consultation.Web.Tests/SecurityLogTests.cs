using System.Net;
using Consultation.Application.Features.Bodies;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Security;
using Consultation.Testing;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>
/// The security audit log: sign-ins (with the client's address, over a real socket), failures, lockouts, refused pages and
/// requests, and mandate and membership changes; readable by administrators only. On a portal of its own: it locks an account.
/// </summary>
public sealed class SecurityLogTests(SecurityLogTests.Portal portal) : IClassFixture<SecurityLogTests.Portal>
{
    public sealed class Portal : PortalFactory
    {
        public Portal()
        {
            UseKestrel(0);
            StartServer();
        }
    }

    private async Task<List<SecurityEvent>> EventsAsync()
    {
        await using var db = await portal.Services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync();
        return await db.SecurityEvents.AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    private async Task<string> PersonIdAsync(string email)
    {
        using var signedIn = await portal.SignedInScopeAsync(email);
        return signedIn.Person.Id;
    }

    [Fact]
    public async Task Sign_ins_failures_unknown_accounts_and_lockouts_are_recorded_with_the_client_address()
    {
        var client = portal.CreateBrowserlikeClient();
        await client.SignInAsync("member@demo.example");
        await client.SignInAsync("member@demo.example", "not-the-password");
        await client.SignInAsync("nobody-by-this-name@example.org", "whatever-it-is");
        for (var attempt = 0; attempt < 6; attempt++) await client.SignInAsync("rep.centr@demo.example", "wrong-" + attempt);

        var events = await EventsAsync();
        var member = await PersonIdAsync("member@demo.example");
        var centr = await PersonIdAsync("rep.centr@demo.example");
        Assert.Contains(events, e => e is { Kind: SecurityEventKind.SignedIn } && e.PersonId == member);
        Assert.Contains(events, e => e is { Kind: SecurityEventKind.SignInFailed, Detail: "Wrong password" } && e.PersonId == member);
        Assert.Contains(events, e => e is { Kind: SecurityEventKind.SignInFailed, PersonId: null } && e.Detail.Contains("nobody-by-this-name@example.org"));
        Assert.Contains(events, e => e.Kind == SecurityEventKind.LockedOut && e.PersonId == centr);
        Assert.All(events.Where(e => e.Kind is SecurityEventKind.SignedIn or SecurityEventKind.SignInFailed),
            e => Assert.True(e.ClientAddress is "127.0.0.1" or "::1", $"address {e.ClientAddress}"));
        Assert.DoesNotContain(events, e => e.Detail.Contains("not-the-password") || e.Detail.Contains("wrong-"));
    }

    [Fact]
    public async Task A_request_sent_with_the_wrong_identity_is_refused_and_recorded()
    {
        using var member = await portal.SignedInScopeAsync("member@demo.example");

        await Assert.ThrowsAsync<AccessDeniedException>(async () => await member.Services.GetRequiredService<IMediator>()
            .Send(new GrantMandate.Command("ccnso", "member@demo.example", DateTimeOffset.UtcNow)));

        Assert.Contains(await EventsAsync(), e => e.Kind == SecurityEventKind.AuthorizationRefused && e.PersonId == member.Person.Id
            && e.Detail.StartsWith("GrantMandate.Command: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Granting_and_ending_a_mandate_is_recorded_with_who_did_it()
    {
        using var admin = await portal.SignedInScopeAsync("admin@demo.example");
        var mediator = admin.Services.GetRequiredService<IMediator>();

        var granted = await mediator.Send(new GrantMandate.Command("isoc", "member@demo.example", DateTimeOffset.UtcNow.AddDays(-1)));
        await mediator.Send(new EndMandate.Command(granted.MandateId));

        var events = await EventsAsync();
        Assert.Contains(events, e => e.Kind == SecurityEventKind.MandateGranted && e.PersonId == admin.Person.Id
            && e.Detail.Contains(granted.MandateId.ToString()) && e.Detail.Contains("member@demo.example"));
        Assert.Contains(events, e => e.Kind == SecurityEventKind.MandateEnded && e.PersonId == admin.Person.Id
            && e.Detail.Contains(granted.MandateId.ToString()));
    }

    [Fact]
    public async Task Only_administrators_read_the_log_and_a_refused_page_is_recorded()
    {
        var memberClient = portal.CreateBrowserlikeClient();
        await memberClient.SignInAsync("rep.isoc@demo.example");
        var refused = await memberClient.GetAsync("/admin/security");
        // Over a real socket the client follows the redirect.
        Assert.Equal("/Account/AccessDenied", refused.RequestMessage!.RequestUri!.AbsolutePath);
        var isoc = await PersonIdAsync("rep.isoc@demo.example");
        Assert.Contains(await EventsAsync(), e => e.Kind == SecurityEventKind.AuthorizationRefused && e.Detail == "GET /admin/security"
            && e.PersonId == isoc);

        var anonymous = await portal.CreateBrowserlikeClient().GetAsync("/admin/security");
        Assert.Equal("/Account/Login", anonymous.RequestMessage!.RequestUri!.AbsolutePath);

        var adminClient = portal.CreateBrowserlikeClient();
        await adminClient.SignInAsync("admin@demo.example");
        var log = await adminClient.GetPageAsync("/admin/security?kind=AuthorizationRefused");
        Assert.Equal(HttpStatusCode.OK, log.Status);
        Assert.Contains("GET /admin/security", log.TextOf("table.security-events td"));
        Assert.DoesNotContain("SignedIn", log.TextOf("table.security-events tbody td:nth-child(2)"));

        var bad = await adminClient.GetPageAsync("/admin/security?kind=Nonsense");
        Assert.Contains("Choose a kind of event from the list.", bad.TextOf(".validation-message"));
    }
}
