using Consultation.Application.Persistence;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Ledger.Checks;

/// <summary>The opening of a consensus call: who opened it and when never change, so every entry is compared with the row.</summary>
internal sealed class ConsensusCallOpenedCheck : LedgerSubjectCheck<ConsensusCall>
{
    public override LedgerEntryKind Kind => LedgerEntryKind.ConsensusCallOpened;
    protected override string SubjectName => "consensus call";

    protected override async Task<IReadOnlyDictionary<Guid, ConsensusCall>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken) =>
        await db.ConsensusCalls.AsNoTracking().Where(c => subjectIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

    protected override string ContentHashOf(ConsensusCall subject) => LedgerContent.Of(subject);
}

/// <summary>A minority view recorded with the call: immutable once recorded.</summary>
internal sealed class MinorityViewRecordedCheck : LedgerSubjectCheck<MinorityView>
{
    public override LedgerEntryKind Kind => LedgerEntryKind.MinorityViewRecorded;
    protected override string SubjectName => "minority view";

    protected override async Task<IReadOnlyDictionary<Guid, MinorityView>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken) =>
        await db.Set<MinorityView>().AsNoTracking().Where(v => subjectIds.Contains(v.Id)).ToDictionaryAsync(v => v.Id, cancellationToken);

    protected override string ContentHashOf(MinorityView subject) => LedgerContent.Of(subject);
}

/// <summary>A member's response to a designation: immutable once given.</summary>
internal sealed class DesignationResponseCheck : LedgerSubjectCheck<DesignationResponse>
{
    public override LedgerEntryKind Kind => LedgerEntryKind.DesignationResponse;
    protected override string SubjectName => "response to a designation";

    protected override async Task<IReadOnlyDictionary<Guid, DesignationResponse>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken) =>
        await db.Set<DesignationResponse>().AsNoTracking().Where(r => subjectIds.Contains(r.Id)).ToDictionaryAsync(r => r.Id, cancellationToken);

    protected override string ContentHashOf(DesignationResponse subject) => LedgerContent.Of(subject);
}
