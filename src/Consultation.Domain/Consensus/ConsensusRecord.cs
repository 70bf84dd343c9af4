using Consultation.Domain.Common;

namespace Consultation.Domain.Consensus;

/// <summary>
/// The published outcome: what was decided, at which level, why, the minority views, and the ledger head at
/// publication. Immutable once published (every property is set at creation and never again); a correction is a
/// new version that names its reason, and the earlier version stays as it was.
/// </summary>
public sealed class ConsensusRecord
{
    /// <summary>The most characters of the decision (Markdown), as published or corrected.</summary>
    public const int MaxDecisionLength = 50_000;

    private readonly List<RecordedMinorityView> _minorityViews = [];

    private ConsensusRecord() { }

    /// <summary>
    /// Rule: a record is published from a final designation with no open challenge, once every review item has
    /// reached the record stage with its response published.
    /// </summary>
    public static ConsensusRecord Publish(ConsensusCall call, ReviewProgress progress, ConsensusRecord? existing, string decision,
        string chairId, string ledgerHeadHash, DateTimeOffset now)
    {
        Guard.Require(existing is null, "record-published-once", "The record is already published; publish a correction instead.");
        Guard.Require(call.IsFinal, "record-needs-final-designation", "The designation must be final before the record is published.");
        Guard.Require(!call.HasOpenChallenges, "record-needs-answered-challenges", "Every challenge must be answered before the record is published.");
        Guard.Require(progress.HasReviewCycle && progress.BelowRecordStage == 0, "record-needs-items-in-record-stage",
            $"{progress.BelowRecordStage} review item(s) have not yet reached the record stage.");
        Guard.Require(progress.WithoutPublishedResponse == 0, "record-needs-published-responses",
            $"{progress.WithoutPublishedResponse} review item(s) still need their response published.");
        return new ConsensusRecord(call, 1, decision, call.Current!.Level, call.Current.Rationale, chairId, ledgerHeadHash, now, null, null);
    }

    /// <summary>
    /// Rule: a correction is a new version of the latest one, with a reason; it states the call's minority views as
    /// they now stand. The earlier version stays as it was.
    /// </summary>
    public ConsensusRecord Correct(ConsensusCall call, string decision, string reason, string chairId, string ledgerHeadHash, DateTimeOffset now)
    {
        Guard.Require(call.Id == ConsensusCallId, "correct-own-call", "The correction must come from this record's consensus call.");
        return new ConsensusRecord(call, Version + 1, decision, Level, Rationale, chairId, ledgerHeadHash, now,
            Guard.Text(reason, "correction-needs-reason", "The reason for the correction", 5000), Id);
    }

    private ConsensusRecord(ConsensusCall call, int version, string decision, ConsensusLevel level, string rationale, string chairId,
        string ledgerHeadHash, DateTimeOffset now, string? correctionReason, Guid? correctsRecordId)
    {
        Id = Guid.NewGuid();
        ConsultationId = call.ConsultationId;
        ConsensusCallId = call.Id;
        Version = version;
        Decision = Guard.Text(decision, "record-decision", "The decision", MaxDecisionLength);
        Level = level;
        Rationale = rationale;
        PublishedBy = chairId;
        PublishedAt = now;
        LedgerHeadHash = ledgerHeadHash;
        CorrectionReason = correctionReason;
        CorrectsRecordId = correctsRecordId;
        _minorityViews.AddRange(call.MinorityViews.OrderBy(v => v.RecordedAt).ThenBy(v => v.SubmissionId)
            .Select(v => new RecordedMinorityView(Id, v.SubmissionId, v.Summary)));
    }

    public Guid Id { get; private set; }
    public Guid ConsultationId { get; private set; }
    public Guid ConsensusCallId { get; private set; }
    public int Version { get; private set; }
    /// <summary>Markdown.</summary>
    public string Decision { get; private set; } = "";
    public ConsensusLevel Level { get; private set; }
    public string Rationale { get; private set; } = "";
    public string PublishedBy { get; private set; } = "";
    public DateTimeOffset PublishedAt { get; private set; }
    /// <summary>The ledger's head just before this version's own entry was appended.</summary>
    public string LedgerHeadHash { get; private set; } = "";
    public string? CorrectionReason { get; private set; }
    public Guid? CorrectsRecordId { get; private set; }
    /// <summary>The minority views as the record states them, copied from the call when this version was published.</summary>
    public IReadOnlyList<RecordedMinorityView> MinorityViews => _minorityViews;
}

/// <summary>A minority view as one version of the record states it: the submission holding it and its summary.</summary>
public sealed class RecordedMinorityView
{
    private RecordedMinorityView() { }

    internal RecordedMinorityView(Guid recordId, Guid submissionId, string summary)
    {
        ConsensusRecordId = recordId;
        SubmissionId = submissionId;
        Summary = summary;
    }

    public Guid ConsensusRecordId { get; private set; }
    public Guid SubmissionId { get; private set; }
    public string Summary { get; private set; } = "";
}
