using Consultation.Application.Persistence;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Ledger.Checks;

/// <summary>A published consensus record (or a correction, which is a new record version): immutable once published.</summary>
internal sealed class RecordPublishedCheck : LedgerSubjectCheck<ConsensusRecord>
{
    public override LedgerEntryKind Kind => LedgerEntryKind.RecordPublished;
    protected override string SubjectName => "consensus record";

    protected override async Task<IReadOnlyDictionary<Guid, ConsensusRecord>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken) =>
        await db.ConsensusRecords.AsNoTracking().Where(r => subjectIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);

    protected override string ContentHashOf(ConsensusRecord subject) => LedgerContent.Of(subject);
}
