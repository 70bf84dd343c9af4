using Consultation.Application.Persistence;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Ledger.Checks;

/// <summary>A withdrawal: the submission's withdrawal time and reason as stored.</summary>
internal sealed class SubmissionWithdrawnCheck : LedgerSubjectCheck<Submission>
{
    public override LedgerEntryKind Kind => LedgerEntryKind.SubmissionWithdrawn;
    protected override string SubjectName => "withdrawn submission";
    // The submission row goes on living (a withdrawal is one change among others to it): compare its latest entry only.
    protected override bool SubjectChangesAfterwards => true;

    protected override async Task<IReadOnlyDictionary<Guid, Submission>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken) =>
        await db.Submissions.AsNoTracking().Where(s => subjectIds.Contains(s.Id)).ToDictionaryAsync(s => s.Id, cancellationToken);

    protected override string ContentHashOf(Submission subject) => LedgerContent.WithdrawalOf(subject);
}
