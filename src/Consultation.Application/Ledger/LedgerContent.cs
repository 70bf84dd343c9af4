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

    /// <summary>A reply period, recorded as a deadline change whose subject is the consultation (a consultation has one at most).</summary>
    public static string ReplyPeriodOf(PublicConsultation consultation) => CanonicalContent.Hash(
        ("replyPeriodOf", consultation.Id.ToString()),
        ("opensAt", consultation.ReplyOpensAt is { } opens ? CanonicalContent.Instant(opens) : ""),
        ("closesAt", consultation.ReplyClosesAt is { } closes ? CanonicalContent.Instant(closes) : ""));

    /// <summary>
    /// A review step, recomputable from its stored row alone: the stage it moved to (and from), who acted, and what
    /// it recorded (the answer set or published, the reason for sending back). Fields that do not apply are empty.
    /// </summary>
    public static string Of(ReviewStep step) => CanonicalContent.Hash(
        ("step", step.Id.ToString()), ("reviewItem", step.ReviewItemId.ToString()), ("action", step.Action.ToString()),
        ("stage", step.StageId.ToString()), ("fromStage", step.FromStageId?.ToString() ?? ""), ("actor", step.ActorId),
        ("assignee", step.AssigneeId ?? ""), ("disposition", step.Disposition?.ToString() ?? ""),
        ("duplicateOf", step.DuplicateOfItemId?.ToString() ?? ""), ("response", step.Response ?? ""),
        ("reason", step.Reason ?? ""), ("at", CanonicalContent.Instant(step.At)));

    /// <summary>The ledger kind a review step is recorded under; null for an assignment, which is internal to the stage's work.</summary>
    public static LedgerEntryKind? KindOf(ReviewStep step) => step.Action switch
    {
        ReviewAction.Entered or ReviewAction.PassedUp or ReviewAction.SentBack => LedgerEntryKind.StageMove,
        ReviewAction.DispositionSet => LedgerEntryKind.Disposition,
        ReviewAction.ResponsePublished => LedgerEntryKind.ResponsePublished,
        _ => null,
    };

    /// <summary>
    /// A review cycle as set up (or re-arranged): its ladder, with each stage's order, name and chairs (person ids,
    /// sorted ordinally), stages joined by <c>;</c> in ladder order as <c>order|id|name|chair,chair</c>. The latest
    /// entry for a cycle matches its current row.
    /// </summary>
    public static string Of(ReviewCycle cycle) => CanonicalContent.Hash(
        ("reviewCycle", cycle.Id.ToString()), ("consultation", cycle.ConsultationId.ToString()), ("entry", cycle.Entry.ToString()),
        ("stages", string.Join(";", cycle.Stages.Select(s => string.Join("|",
            s.Order.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Id.ToString(), s.Name,
            string.Join(",", s.Chairs.Select(c => c.PersonId).Order(StringComparer.Ordinal)))))));

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
