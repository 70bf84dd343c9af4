using System.Security.Claims;
using Consultation.Application;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Domain.Submissions;
using Mediator;
using MimeKit;
using Consultation.Testing;
using Consultation.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Tests;

/// <summary>A service scope acting for one person; disposing it ends the scope.</summary>
public sealed record SignedIn(IServiceScope Scope, Person Person) : IDisposable
{
    public IServiceProvider Services => Scope.ServiceProvider;
    public void Dispose() => Scope.Dispose();
}

public static class SignedInScope
{
    /// <summary>
    /// A service scope of the running portal in which the mediator acts for the given demo account, as it does
    /// for a signed-in circuit (the principal holder carries the person's id and roles, and by default a sign-in with
    /// a second factor, which Chair and Administrator need).
    /// </summary>
    public static async Task<SignedIn> SignedInScopeAsync(this PortalFactory portal, string email, bool secondFactor = true)
    {
        var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        var person = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No demo account {email}.");
        var claims = (await users.GetRolesAsync(person)).Select(role => new Claim(ClaimTypes.Role, role))
            .Append(new Claim(ClaimTypes.NameIdentifier, person.Id))
            .Append(new Claim(SessionClaims.AuthenticationMethods, secondFactor ? SessionClaims.MultiFactor : "pwd"));
        scope.ServiceProvider.GetRequiredService<PrincipalHolder>().Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
        return new SignedIn(scope, person);
    }

    /// <summary>
    /// A confirmed account of the test's own (a Member unless other roles are given), so that what the test does to
    /// its sessions or standing disturbs no other test.
    /// </summary>
    public static async Task<Person> NewAccountAsync(this PortalFactory portal, string password, string displayName = "Morgan Member",
        params string[] roles)
    {
        var email = $"{Guid.NewGuid():N}@example.org";
        using var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        var person = new Person { UserName = email, Email = email, EmailConfirmed = true, DisplayName = displayName };
        Assert.True((await users.CreateAsync(person, password)).Succeeded);
        Assert.True((await users.AddToRolesAsync(person, roles.Length == 0 ? [Roles.Member] : roles)).Succeeded);
        return person;
    }

    /// <summary>Submits, as a demo account, a comment on the open demo consultation through the real pipeline.</summary>
    public static async Task<SubmissionReceipt> SubmitAsync(this PortalFactory portal, string email, string text,
        params (string Name, byte[] Content)[] attachments)
    {
        using var signedIn = await portal.SignedInScopeAsync(email);
        var mediator = signedIn.Services.GetRequiredService<IMediator>();
        var form = await mediator.Send(new SubmissionForm.Query("ksk-rollover-communication-plan"));
        var tokens = new List<Guid>();
        foreach (var (name, content) in attachments)
            tokens.Add((await mediator.Send(new StageAttachment.Command(name, content))).Token);
        return await mediator.Send(new SubmitPosition.Command(form.ConsultationId, null, Stance.Support, text, false, null,
            [], null, null, null, tokens, Guid.NewGuid()));
    }

    /// <summary>
    /// Takes back one published answer of a consultation, as a changed disposition does, and gives it a new response the
    /// public must never see: pages, exports and the API must drop it, not show the old text.
    /// </summary>
    public static async Task WithholdAPublishedAnswerAsync(this PortalFactory portal, string slug, string unpublishedResponse)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync();
        var consultation = await db.Consultations.Where(c => c.Slug == slug).Select(c => c.Id).SingleAsync();
        var item = await db.ReviewItems.Where(i => i.ResponsePublishedAt != null
                                                   && db.Submissions.Any(s => s.Id == i.SubmissionId && s.ConsultationId == consultation))
            .Select(i => i.Id).FirstAsync();
        var changed = await db.ReviewItems.Where(i => i.Id == item).ExecuteUpdateAsync(set => set
            .SetProperty(i => i.Response, unpublishedResponse)
            .SetProperty(i => i.ResponsePublishedAt, (DateTimeOffset?)null));
        if (changed != 1) throw new InvalidOperationException("No published answer was taken back.");
    }

    /// <summary>The messages in the default pickup folder, <c>mail</c> in the portal's data directory (none before the first).</summary>
    public static IEnumerable<MimeMessage> MailsTo(this PortalFactory portal, string address)
    {
        var folder = Path.Combine(portal.Services.GetRequiredService<IOptions<ConsultationOptions>>().Value.ResolvedDataDirectory, "mail");
        return (Directory.Exists(folder) ? Directory.GetFiles(folder, "*.eml") : [])
            .Select(file => MimeMessage.Load(file))
            .Where(message => message.To.Mailboxes.Any(to => to.Address == address));
    }
}
