using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;

namespace Consultation.Application.Ledger;

/// <summary>
/// The canonical content the ledger records for each kind of event (a submission version records its own
/// <c>ContentHash</c>). docs/ledger.md lists these fields, so that anyone can recompute them from an export.
/// </summary>
public static class LedgerContent
{
    public static string WithdrawalOf(Submission submission) => CanonicalContent.Hash(
        ("submission", submission.Id.ToString()), ("reason", submission.WithdrawalReason ?? ""),
        ("withdrawnAt", submission.WithdrawnAt is { } at ? CanonicalContent.Instant(at) : ""));

    public static string Of(DeadlineChange change) => CanonicalContent.Hash(
        ("deadlineChange", change.Id.ToString()), ("consultation", change.ConsultationId.ToString()),
        ("kind", change.Kind.ToString()), ("previousClose", CanonicalContent.Instant(change.PreviousClose)),
        ("newClose", CanonicalContent.Instant(change.NewClose)), ("reason", change.Reason),
        ("changedAt", CanonicalContent.Instant(change.ChangedAt)));

    public static string DispositionOf(ReviewItem item, DateTimeOffset at) => CanonicalContent.Hash(
        ("reviewItem", item.Id.ToString()), ("submission", item.SubmissionId.ToString()),
        ("disposition", item.Disposition?.ToString() ?? ""), ("duplicateOf", item.DuplicateOfItemId?.ToString() ?? ""),
        ("response", item.Response ?? ""), ("at", CanonicalContent.Instant(at)));

    public static string StageMoveOf(ReviewItem item, DateTimeOffset at) => CanonicalContent.Hash(
        ("reviewItem", item.Id.ToString()), ("stage", item.CurrentStageId.ToString()), ("at", CanonicalContent.Instant(at)));

    public static string Of(Designation designation) => CanonicalContent.Hash(
        ("designation", designation.Id.ToString()), ("call", designation.ConsensusCallId.ToString()),
        ("sequence", designation.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("status", designation.Status.ToString()), ("level", designation.Level.ToString()),
        ("rationale", designation.Rationale), ("publishedAt", CanonicalContent.Instant(designation.PublishedAt)));

    /// <summary>A challenge is recorded when raised and again when answered; the latest entry matches the stored row.</summary>
    public static string Of(Challenge challenge) => CanonicalContent.Hash(
        ("challenge", challenge.Id.ToString()), ("designation", challenge.DesignationId.ToString()),
        ("challenger", challenge.ChallengerId), ("reason", challenge.Reason), ("raisedAt", CanonicalContent.Instant(challenge.RaisedAt)),
        ("status", challenge.Status.ToString()), ("answer", challenge.AnswerText ?? ""),
        ("answeredAt", challenge.AnsweredAt is { } at ? CanonicalContent.Instant(at) : ""));

    public static string Of(ConsensusCall call) => CanonicalContent.Hash(
        ("call", call.Id.ToString()), ("consultation", call.ConsultationId.ToString()),
        ("openedBy", call.OpenedBy), ("openedAt", CanonicalContent.Instant(call.OpenedAt)));

    public static string Of(MinorityView view) => CanonicalContent.Hash(
        ("minorityView", view.Id.ToString()), ("call", view.ConsensusCallId.ToString()), ("submission", view.SubmissionId.ToString()),
        ("summary", view.Summary), ("recordedAt", CanonicalContent.Instant(view.RecordedAt)));

    public static string Of(DesignationResponse response) => CanonicalContent.Hash(
        ("response", response.Id.ToString()), ("designation", response.DesignationId.ToString()), ("member", response.MemberId),
        ("agrees", response.Agrees ? "true" : "false"), ("comment", response.Comment),
        ("respondedAt", CanonicalContent.Instant(response.RespondedAt)));

    /// <summary>Covers the minority views the version states, each as <c>submission:sha256(summary)</c>, sorted.</summary>
    public static string Of(ConsensusRecord record) => CanonicalContent.Hash(
        ("record", record.Id.ToString()), ("consultation", record.ConsultationId.ToString()),
        ("version", record.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("level", record.Level.ToString()), ("decision", record.Decision), ("rationale", record.Rationale),
        ("minorityViews", string.Join(";", record.MinorityViews.Select(v => $"{v.SubmissionId}:{CanonicalContent.Sha256Hex(v.Summary)}").Order(StringComparer.Ordinal))),
        ("ledgerHead", record.LedgerHeadHash), ("publishedAt", CanonicalContent.Instant(record.PublishedAt)),
        ("correctionReason", record.CorrectionReason ?? ""), ("corrects", record.CorrectsRecordId?.ToString() ?? ""));
}
