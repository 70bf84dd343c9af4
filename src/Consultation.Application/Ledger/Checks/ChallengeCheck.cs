using Consultation.Application.Persistence;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Ledger.Checks;

/// <summary>A challenge to a designation: raised, then answered; its latest entry is compared with the row as it stands.</summary>
internal sealed class ChallengeCheck : LedgerSubjectCheck<Challenge>
{
    public override LedgerEntryKind Kind => LedgerEntryKind.Challenge;
    protected override string SubjectName => "challenge";
    protected override bool SubjectChangesAfterwards => true;

    protected override async Task<IReadOnlyDictionary<Guid, Challenge>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken) =>
        await db.Set<Challenge>().AsNoTracking().Where(c => subjectIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);

    protected override string ContentHashOf(Challenge subject) => LedgerContent.Of(subject);
}
