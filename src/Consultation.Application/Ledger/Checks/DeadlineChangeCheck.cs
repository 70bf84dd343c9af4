using Consultation.Application.Persistence;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Ledger.Checks;

/// <summary>
/// A change to a consultation's periods: an extension or early closure (its subject is the <c>DeadlineChange</c> row), or
/// the opening of a reply period (its subject is the consultation, which has one reply period at most).
/// </summary>
internal sealed class DeadlineChangeCheck : LedgerSubjectCheck<string>
{
    public override LedgerEntryKind Kind => LedgerEntryKind.DeadlineChange;
    protected override string SubjectName => "deadline change";

    /// <summary>The recomputed content hash of each subject, whichever of the two it is.</summary>
    protected override async Task<IReadOnlyDictionary<Guid, string>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken)
    {
        var changes = await db.DeadlineChanges.AsNoTracking().Where(d => subjectIds.Contains(d.Id)).ToListAsync(cancellationToken);
        var replyPeriods = await db.Consultations.AsNoTracking().Where(c => subjectIds.Contains(c.Id)).ToListAsync(cancellationToken);
        return changes.Select(d => (d.Id, Hash: LedgerContent.Of(d)))
            .Concat(replyPeriods.Select(c => (c.Id, Hash: LedgerContent.ReplyPeriodOf(c))))
            .ToDictionary(s => s.Id, s => s.Hash);
    }

    protected override string ContentHashOf(string subject) => subject;
}
