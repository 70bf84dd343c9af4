using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Ledger;

/// <summary>
/// Anyone may verify the whole ledger: the chain of hashes from the first entry to the head, and every entry against
/// the stored row it records (<see cref="ILedgerSubjectCheck"/>), so that a row changed by hand shows even when the
/// ledger table itself was left alone. Reports the first entry that does not hold.
/// </summary>
public static class VerifyLedger
{
    /// <summary>Entries read at a time: the ledger is streamed, never held in memory whole.</summary>
    public const int BatchSize = 500;

    [AllowedFor(Audience.Anyone)]
    public sealed record Query : IQuery<Result>;

    /// <param name="EntriesChecked">Entries that held, from the first in sequence up to the head or the first broken one.</param>
    /// <param name="SubjectsChecked">Of those, entries whose kind has a check against its stored subject.</param>
    /// <param name="NotChecked">Entries that held as links of the chain but whose kind has no subject check yet, by kind.</param>
    /// <param name="HeadHash">The hash of the last entry that held (the genesis hash for an empty ledger).</param>
    public sealed record Result(bool IsIntact, long EntriesChecked, long SubjectsChecked, IReadOnlyDictionary<LedgerEntryKind, long> NotChecked,
        string HeadHash, long? FirstBrokenSequence, LedgerEntryKind? FirstBrokenKind, string? Problem)
    {
        public long NotCheckedCount => NotChecked.Values.Sum();
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, IDatabaseProvider provider, IEnumerable<ILedgerSubjectCheck> checks)
        : IQueryHandler<Query, Result>
    {
        private readonly IReadOnlyDictionary<LedgerEntryKind, ILedgerSubjectCheck> _checks = LedgerSubjectChecks.ByKind(checks);

        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            // One consistent state: a change committed while the verifier reads would otherwise look like tampering.
            await using var snapshot = await provider.BeginReadSnapshotAsync(db, cancellationToken);
            var chain = new LedgerChain();
            var notChecked = new Dictionary<LedgerEntryKind, long>();
            long subjectsChecked = 0, after = 0;
            while (true)
            {
                var batch = await db.Ledger.AsNoTracking().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(BatchSize)
                    .ToListAsync(cancellationToken);
                if (batch.Count == 0)
                    return new Result(true, chain.EntriesFollowed, subjectsChecked, notChecked, chain.Head, null, null, null);
                after = batch[^1].Sequence;

                var linked = new List<LedgerEntry>();
                string? chainProblem = null;
                foreach (var entry in batch)
                {
                    if ((chainProblem = chain.Follow(entry)) is not null) break;
                    linked.Add(entry);
                }
                var subjectProblems = await CheckSubjectsAsync(db, linked, cancellationToken);
                // Entries are reported in sequence: a changed row before the break in the chain is the first that does not hold.
                var held = linked.TakeWhile(e => !subjectProblems.ContainsKey(e.Sequence)).ToList();
                foreach (var entry in held)
                    if (_checks.ContainsKey(entry.Kind)) subjectsChecked++;
                    else notChecked[entry.Kind] = notChecked.GetValueOrDefault(entry.Kind) + 1;
                var checkedSoFar = subjectsChecked + notChecked.Values.Sum();

                if (held.Count < linked.Count)
                {
                    var first = linked[held.Count];
                    // It linked into the chain, so its previous hash is the head of what held.
                    return new Result(false, checkedSoFar, subjectsChecked, notChecked, first.PreviousHash, first.Sequence, first.Kind,
                        subjectProblems[first.Sequence]);
                }
                if (chainProblem is not null)
                {
                    var broken = batch[linked.Count];
                    return new Result(false, checkedSoFar, subjectsChecked, notChecked, chain.Head, broken.Sequence, broken.Kind, chainProblem);
                }
                db.ChangeTracker.Clear();
            }
        }

        private async Task<Dictionary<long, string>> CheckSubjectsAsync(ConsultationDbContext db, List<LedgerEntry> entries, CancellationToken cancellationToken)
        {
            var problems = new Dictionary<long, string>();
            foreach (var kind in entries.GroupBy(e => e.Kind))
                if (_checks.TryGetValue(kind.Key, out var check))
                    foreach (var (sequence, problem) in await check.CheckAsync(db, kind.ToList(), cancellationToken))
                        problems[sequence] = problem;
            return problems;
        }
    }
}
