using System.Security.Cryptography;
using Consultation.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Identity;

/// <summary>
/// ASVS 5.0 (V7.4): a change to what a person may do (a mandate or a membership granted or ended) ends their open
/// sessions, so that no tab keeps acting on the old standing. The new security stamp is saved with the change itself
/// (the same SaveChanges); the sign-in cookie and open circuits compare their stamp with it and sign out.
/// </summary>
public static class PersonSessions
{
    public static async Task EndSessionsOfAsync(this ConsultationDbContext db, string personId, CancellationToken cancellationToken)
    {
        var person = await db.Users.SingleAsync(p => p.Id == personId, cancellationToken);
        // Any value unlike the old one ends the sessions; Identity's own are random too.
        person.SecurityStamp = Convert.ToHexString(RandomNumberGenerator.GetBytes(20));
        person.ConcurrencyStamp = Guid.NewGuid().ToString();
    }
}
