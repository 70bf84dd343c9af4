using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Web.Identity;

/// <summary>
/// Closing an account. What a person said in public stays in the record, so an account with submissions or
/// mandates is anonymised (name, email, password and sign-in removed) rather than deleted; any other is deleted.
/// </summary>
public sealed class AccountClosure(UserManager<Person> users, IDbContextFactory<ConsultationDbContext> factory)
{
    public const string FormerParticipant = Person.FormerParticipant;

    public async Task<IdentityResult> CloseAsync(Person person)
    {
        await using (var db = await factory.CreateDbContextAsync())
        {
            var spokeInPublic = await db.Submissions.AnyAsync(s => s.AuthorId == person.Id)
                                || await db.SubmissionVersions.AnyAsync(v => v.SubmittedBy == person.Id)
                                || await db.Mandates.AnyAsync(m => m.PersonId == person.Id);
            if (!spokeInPublic) return await users.DeleteAsync(person);
            await db.Drafts.Where(d => d.PersonId == person.Id).ExecuteDeleteAsync();
            await db.Notifications.Where(n => n.PersonId == person.Id).ExecuteDeleteAsync();
        }

        var closed = $"closed-{person.Id}@account.invalid";
        person.DisplayName = FormerParticipant;
        person.PhoneNumber = null;
        var results = new List<IdentityResult>
        {
            await users.SetUserNameAsync(person, closed),
            await users.SetEmailAsync(person, closed),
            await users.HasPasswordAsync(person) ? await users.RemovePasswordAsync(person) : IdentityResult.Success,
            await users.SetLockoutEndDateAsync(person, DateTimeOffset.MaxValue),
            await users.UpdateSecurityStampAsync(person),
        };
        if (results.FirstOrDefault(r => !r.Succeeded) is { } failed) return failed;
        return IdentityResult.Success;
    }
}
