using Consultation.Application.Persistence;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Ledger;

/// <summary>
/// Checks the ledger entries of one kind against the stored rows they record: the content hash recomputed from the row
/// must be the one the entry holds, so that a row changed by hand is found even though the chain itself is intact.
/// Every non-abstract implementation in this assembly is registered (<see cref="LedgerSubjectChecks.AddLedgerSubjectChecks"/>);
/// a kind without one is reported by the verifier as not checked, never as broken.
/// </summary>
public interface ILedgerSubjectCheck
{
    LedgerEntryKind Kind { get; }

    /// <summary>
    /// Checks a batch of entries of <see cref="Kind"/>, in sequence order. Returns what does not hold, by entry sequence
    /// (empty when all hold). Load rows with AsNoTracking: the verifier streams the whole ledger through one context.
    /// </summary>
    Task<IReadOnlyDictionary<long, string>> CheckAsync(ConsultationDbContext db, IReadOnlyList<LedgerEntry> entries, CancellationToken cancellationToken);
}

/// <summary>
/// The usual shape of a check: load the subjects of a batch by id, recompute each one's content hash the way it was
/// recorded (<see cref="LedgerContent"/>), compare it with the entry's.
/// </summary>
public abstract class LedgerSubjectCheck<TSubject> : ILedgerSubjectCheck where TSubject : class
{
    public abstract LedgerEntryKind Kind { get; }

    /// <summary>What the subject is called in a report ("designation").</summary>
    protected abstract string SubjectName { get; }

    /// <summary>
    /// True for a subject that changes after it is first recorded (a challenge raised, then answered): only its latest
    /// entry can be compared with the row as it stands; its earlier entries are held by the chain alone.
    /// </summary>
    protected virtual bool SubjectChangesAfterwards => false;

    /// <summary>The subjects with these ids that exist, by id.</summary>
    protected abstract Task<IReadOnlyDictionary<Guid, TSubject>> LoadAsync(ConsultationDbContext db, IReadOnlyCollection<Guid> subjectIds,
        CancellationToken cancellationToken);

    /// <summary>The content hash recomputed from the stored row, exactly as it was computed when the entry was appended.</summary>
    protected abstract string ContentHashOf(TSubject subject);

    /// <summary>What does not hold between the stored subject and its entry; null when it holds.</summary>
    protected virtual string? ProblemOf(TSubject subject, LedgerEntry entry) => ContentHashOf(subject) == entry.ContentHash
        ? null
        : $"The stored {SubjectName} {entry.SubjectId} no longer matches the content hash the ledger recorded.";

    public async Task<IReadOnlyDictionary<long, string>> CheckAsync(ConsultationDbContext db, IReadOnlyList<LedgerEntry> entries,
        CancellationToken cancellationToken)
    {
        var ids = entries.Select(e => e.SubjectId).Distinct().ToList();
        var subjects = await LoadAsync(db, ids, cancellationToken);
        var latest = SubjectChangesAfterwards ? await LatestEntriesAsync(db, ids, cancellationToken) : null;
        var problems = new Dictionary<long, string>();
        foreach (var entry in entries)
        {
            if (latest is not null && latest.GetValueOrDefault(entry.SubjectId) != entry.Sequence) continue;
            var problem = subjects.TryGetValue(entry.SubjectId, out var subject)
                ? ProblemOf(subject, entry)
                : $"The {SubjectName} it records ({entry.SubjectId}) is no longer stored.";
            if (problem is not null) problems[entry.Sequence] = problem;
        }
        return problems;
    }

    private async Task<Dictionary<Guid, long>> LatestEntriesAsync(ConsultationDbContext db, List<Guid> ids, CancellationToken cancellationToken) =>
        await db.Ledger.AsNoTracking().Where(e => e.Kind == Kind && ids.Contains(e.SubjectId))
            .GroupBy(e => e.SubjectId).Select(g => new { Subject = g.Key, Latest = g.Max(e => e.Sequence) })
            .ToDictionaryAsync(g => g.Subject, g => g.Latest, cancellationToken);
}

public static class LedgerSubjectChecks
{
    /// <summary>Registers every check in this assembly, so that a new kind's check is one new class and nothing else.</summary>
    public static IServiceCollection AddLedgerSubjectChecks(this IServiceCollection services)
    {
        var checks = typeof(ILedgerSubjectCheck).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(ILedgerSubjectCheck).IsAssignableFrom(t));
        foreach (var check in checks)
            services.AddSingleton(typeof(ILedgerSubjectCheck), check);
        return services;
    }

    /// <summary>The checks by kind; two checks of one kind are a mistake, found at the first verification.</summary>
    public static IReadOnlyDictionary<LedgerEntryKind, ILedgerSubjectCheck> ByKind(IEnumerable<ILedgerSubjectCheck> checks)
    {
        var byKind = new Dictionary<LedgerEntryKind, ILedgerSubjectCheck>();
        foreach (var check in checks)
            if (!byKind.TryAdd(check.Kind, check))
                throw new InvalidOperationException($"Two ledger subject checks for {check.Kind}: {byKind[check.Kind].GetType().Name} and {check.GetType().Name}.");
        return byKind;
    }
}
