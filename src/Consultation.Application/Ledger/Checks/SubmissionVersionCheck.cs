using Consultation.Application.Persistence;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Ledger.Checks;

/// <summary>
/// A submission version's receipt: the hash recomputed from the stored version (text, stance, cited sections, attachments)
/// and its submission (author, body, reply) must equal the version's stored content hash and the ledger's.
/// </summary>
internal sealed class SubmissionVersionCheck : LedgerSubjectCheck<SubmissionVersionCheck.Stored>
{
    internal sealed record Stored(SubmissionVersion Version, Submission Submission);

    public override LedgerEntryKind Kind => LedgerEntryKind.SubmissionVersion;
    protected override string SubjectName => "submission version";

    protected override async Task<IReadOnlyDictionary<Guid, Stored>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken)
    {
        var versions = await db.SubmissionVersions.AsNoTracking().AsSplitQuery()
            .Include(v => v.CitedSections).Include(v => v.Attachments)
            .Where(v => subjectIds.Contains(v.Id)).ToListAsync(cancellationToken);
        var submissionIds = versions.Select(v => v.SubmissionId).Distinct().ToList();
        // Loaded without their versions: the hash needs only the submission's own fields.
        var submissions = await db.Submissions.AsNoTracking().Where(s => submissionIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);
        return versions.Where(v => submissions.ContainsKey(v.SubmissionId))
            .ToDictionary(v => v.Id, v => new Stored(v, submissions[v.SubmissionId]));
    }

    protected override string ContentHashOf(Stored subject) => subject.Version.RecomputeContentHash(subject.Submission);

    protected override string? ProblemOf(Stored subject, LedgerEntry entry)
    {
        if (ContentHashOf(subject) != subject.Version.ContentHash)
            return $"Submission version {entry.SubjectId} as stored (its text, details or attachments) no longer matches its own content hash.";
        if (subject.Version.ContentHash != entry.ContentHash)
            return $"Submission version {entry.SubjectId} carries a content hash other than the one the ledger recorded.";
        return null;
    }
}
