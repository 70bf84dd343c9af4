using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Notifications;

/// <summary>Who hears of an event (person ids, each once).</summary>
internal static class NotificationAudience
{
    /// <summary>
    /// A consultation opening or closing soon concerns the community at large: every person with the Member role who
    /// currently belongs to a stakeholder body. People without a body have no standing yet (an account alone is not
    /// participation), and notifying every account would make the message noise.
    /// </summary>
    public static async Task<IReadOnlyCollection<string>> CommunityAsync(ConsultationDbContext db, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var memberRole = db.Roles.Where(r => r.Name == Roles.Member).Select(r => r.Id);
        return await db.UserRoles.Where(ur => memberRole.Contains(ur.RoleId)).Select(ur => ur.UserId)
            .Where(person => db.Memberships.Any(m => m.PersonId == person && m.Since <= now && (m.EndedAt == null || m.EndedAt > now)))
            .Distinct().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// A consensus call or a record concerns those who took part: everyone who wrote a submission (or a version of one)
    /// in the consultation, and the current members and representatives of every body that submitted.
    /// </summary>
    public static async Task<IReadOnlyCollection<string>> ParticipantsAsync(ConsultationDbContext db, Guid consultationId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var submissions = db.Submissions.Where(s => s.ConsultationId == consultationId);
        var writers = await submissions.Select(s => s.AuthorId)
            .Concat(db.SubmissionVersions.Where(v => submissions.Any(s => s.Id == v.SubmissionId)).Select(v => v.SubmittedBy))
            .Distinct().ToListAsync(cancellationToken);
        var bodies = await submissions.Where(s => s.OnBehalfOfBodyId != null).Select(s => s.OnBehalfOfBodyId!.Value).Distinct().ToListAsync(cancellationToken);
        var members = await db.Memberships.Where(m => bodies.Contains(m.BodyId) && m.Since <= now && (m.EndedAt == null || m.EndedAt > now))
            .Select(m => m.PersonId).Distinct().ToListAsync(cancellationToken);
        var representatives = new List<string>();
        foreach (var body in bodies)
            representatives.AddRange(await RepresentativesAsync(db, body, consultationId, now, cancellationToken));
        return writers.Concat(members).Concat(representatives).ToHashSet();
    }

    /// <summary>A disposition concerns the submission's author and whoever now speaks for the body it speaks for.</summary>
    public static async Task<IReadOnlyCollection<string>> AuthorsOfAsync(ConsultationDbContext db, Submission submission, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var people = new HashSet<string> { submission.AuthorId };
        if (submission.OnBehalfOfBodyId is { } body)
            people.UnionWith(await RepresentativesAsync(db, body, submission.ConsultationId, now, cancellationToken));
        return people;
    }

    /// <summary>Holders of a mandate that covers the body in this consultation now (the domain's rule, applied in memory).</summary>
    private static async Task<IEnumerable<string>> RepresentativesAsync(ConsultationDbContext db, Guid bodyId, Guid consultationId, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        (await db.Mandates.AsNoTracking().Where(m => m.BodyId == bodyId && m.EndedAt == null).ToListAsync(cancellationToken))
        .Where(m => m.Covers(bodyId, consultationId, now)).Select(m => m.PersonId);
}
