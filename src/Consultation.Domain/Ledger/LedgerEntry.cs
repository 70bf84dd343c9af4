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
        var expectedPrevious = LedgerEntry.GenesisHash;
        long expectedSequence = 1, count = 0;
        foreach (var entry in entriesInSequence)
        {
            if (entry.Sequence != expectedSequence)
                return new(false, count, entry.Sequence, $"Entry {expectedSequence} is missing.");
            if (entry.PreviousHash != expectedPrevious)
                return new(false, count, entry.Sequence, "Its previous hash does not match the entry before it.");
            if (entry.ComputeHash() != entry.Hash)
                return new(false, count, entry.Sequence, "Its content does not match its hash.");
            expectedPrevious = entry.Hash;
            expectedSequence++;
            count++;
        }
        return new(true, count, null, null);
    }
}
