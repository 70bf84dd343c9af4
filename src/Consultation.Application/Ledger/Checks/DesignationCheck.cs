using Consultation.Application.Persistence;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Ledger.Checks;

/// <summary>A designation (estimated, updated or final): immutable once published, so every entry is compared with its row.</summary>
internal sealed class DesignationCheck : LedgerSubjectCheck<Designation>
{
    public override LedgerEntryKind Kind => LedgerEntryKind.Designation;
    protected override string SubjectName => "designation";

    protected override async Task<IReadOnlyDictionary<Guid, Designation>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken) =>
        await db.Set<Designation>().AsNoTracking().Where(d => subjectIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, cancellationToken);

    protected override string ContentHashOf(Designation subject) => LedgerContent.Of(subject);
}
