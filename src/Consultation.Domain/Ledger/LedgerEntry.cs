using System.Globalization;

namespace Consultation.Domain.Ledger;

public enum LedgerEntryKind
{
    SubmissionVersion,
    SubmissionWithdrawn,
    DeadlineChange,
    StageMove,
    Disposition,
    Designation,
    Challenge,
    RecordPublished,
    ReviewCycleSetUp,
    ResponsePublished,
    ConsensusCallOpened,
    MinorityViewRecorded,
    DesignationResponse,
}

/// <summary>
/// An append-only entry of the integrity ledger. Its hash covers the previous entry's hash and its own
/// fields, so altering or removing any earlier entry breaks every hash after it.
/// </summary>
public sealed class LedgerEntry
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    private LedgerEntry() { }

    /// <summary>Rule: entries are appended in sequence, each chained to the one before.</summary>
    public static LedgerEntry Append(LedgerEntry? previous, LedgerEntryKind kind, Guid subjectId, string contentHash,
        DateTimeOffset recordedAt)
    {
        if (previous is not null && recordedAt < previous.RecordedAt)
            recordedAt = previous.RecordedAt; // a clock step backwards must not make the ledger unordered
        var entry = new LedgerEntry
        {
            Sequence = (previous?.Sequence ?? 0) + 1,
            Kind = kind,
            SubjectId = subjectId,
            ContentHash = contentHash,
            RecordedAt = recordedAt,
            PreviousHash = previous?.Hash ?? GenesisHash,
        };
        entry.Hash = entry.ComputeHash();
        return entry;
    }

    public long Sequence { get; private set; }
    public LedgerEntryKind Kind { get; private set; }
    public Guid SubjectId { get; private set; }
    public string ContentHash { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
    public string PreviousHash { get; private set; } = "";
    public string Hash { get; private set; } = "";

    public string ComputeHash() => CanonicalContent.Hash(
        ("sequence", Sequence.ToString(CultureInfo.InvariantCulture)),
        ("kind", Kind.ToString()),
        ("subject", SubjectId.ToString()),
        ("content", ContentHash),
        ("recordedAt", CanonicalContent.Instant(RecordedAt)),
        ("previous", PreviousHash));
}

public sealed record LedgerVerification(bool IsIntact, long EntriesChecked, long? FirstBrokenSequence, string? Problem)
{
    /// <summary>Recomputes the chain in sequence order; reports the first entry that does not hold.</summary>
    public static LedgerVerification Of(IEnumerable<LedgerEntry> entriesInSequence)
    {
        var chain = new LedgerChain();
        foreach (var entry in entriesInSequence)
            if (chain.Follow(entry) is { } problem)
                return new(false, chain.EntriesFollowed, entry.Sequence, problem);
        return new(true, chain.EntriesFollowed, null, null);
    }
}

/// <summary>
/// Follows the chain one entry at a time, so that a verifier can stream a ledger of any length in batches instead of
/// holding it in memory.
/// </summary>
public sealed class LedgerChain
{
    private long _expectedSequence = 1;

    /// <summary>The hash of the last entry that held: the head of the chain verified so far.</summary>
    public string Head { get; private set; } = LedgerEntry.GenesisHash;

    public long EntriesFollowed { get; private set; }

    /// <summary>Checks the next entry in sequence order: null when it holds (and the chain moves on to it), otherwise what does not hold.</summary>
    public string? Follow(LedgerEntry entry)
    {
        if (entry.Sequence != _expectedSequence)
            return $"Entry {_expectedSequence} is missing.";
        if (entry.PreviousHash != Head)
            return "Its previous hash does not match the entry before it.";
        if (entry.ComputeHash() != entry.Hash)
            return "Its content does not match its hash.";
        Head = entry.Hash;
        _expectedSequence++;
        EntriesFollowed++;
        return null;
    }
}
