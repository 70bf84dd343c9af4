using System.Security.Claims;
using Consultation.Application.Identity;
using Consultation.Testing;
using Consultation.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

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
    /// for a signed-in circuit (the principal holder carries the person's id and roles).
    /// </summary>
    public static async Task<SignedIn> SignedInScopeAsync(this PortalFactory portal, string email)
    {
        var scope = portal.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
        var person = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No demo account {email}.");
        var claims = (await users.GetRolesAsync(person)).Select(role => new Claim(ClaimTypes.Role, role))
            .Append(new Claim(ClaimTypes.NameIdentifier, person.Id));
        scope.ServiceProvider.GetRequiredService<PrincipalHolder>().Principal = new ClaimsPrincipal(new ClaimsIdentity(claims, "test"));
        return new SignedIn(scope, person);
    }
}
