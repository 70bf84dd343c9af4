using Consultation.Domain.Common;

namespace Consultation.Domain.Consensus;

/// <summary>
/// The published outcome: what was decided, at which level, why, and the ledger head at publication.
/// Immutable once published; a correction is a new version that names its reason.
/// </summary>
public sealed class ConsensusRecord
{
    private ConsensusRecord() { }

    /// <summary>Rule: a record is published from a final designation with no open challenge.</summary>
    public static ConsensusRecord Publish(ConsensusCall call, string decision,
        string chairId, string ledgerHeadHash, DateTimeOffset now)
    {
        Guard.Require(call.IsFinal, "record-needs-final-designation", "The designation must be final before the record is published.");
        Guard.Require(!call.HasOpenChallenges, "record-needs-answered-challenges", "Every challenge must be answered before the record is published.");
        return new ConsensusRecord
        {
            Id = Guid.NewGuid(),
            ConsultationId = call.ConsultationId,
            Version = 1,
            Decision = Guard.Text(decision, "record-decision", "The decision", 50_000),
            Level = call.Current!.Level,
            Rationale = call.Current.Rationale,
            PublishedBy = chairId,
            PublishedAt = now,
            LedgerHeadHash = ledgerHeadHash,
        };
    }

    /// <summary>Rule: a correction is a new version with a reason; the earlier version stays as it was.</summary>
    public ConsensusRecord Correct(string decision, string reason, string chairId, string ledgerHeadHash, DateTimeOffset now) => new()
    {
        Id = Guid.NewGuid(),
        ConsultationId = ConsultationId,
        Version = Version + 1,
        Decision = Guard.Text(decision, "record-decision", "The decision", 50_000),
        Level = Level,
        Rationale = Rationale,
        PublishedBy = chairId,
        PublishedAt = now,
        LedgerHeadHash = ledgerHeadHash,
        CorrectionReason = Guard.Text(reason, "correction-needs-reason", "The reason for the correction", 5000),
        CorrectsRecordId = Id,
    };

    public Guid Id { get; private set; }
    public Guid ConsultationId { get; private set; }
    public int Version { get; private set; }
    /// <summary>Markdown.</summary>
    public string Decision { get; private set; } = "";
    public ConsensusLevel Level { get; private set; }
    public string Rationale { get; private set; } = "";
    public string PublishedBy { get; private set; } = "";
    public DateTimeOffset PublishedAt { get; private set; }
    public string LedgerHeadHash { get; private set; } = "";
    public string? CorrectionReason { get; private set; }
    public Guid? CorrectsRecordId { get; private set; }
}
