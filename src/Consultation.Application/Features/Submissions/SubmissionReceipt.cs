namespace Consultation.Application.Features.Submissions;

/// <summary>
/// What a person gets back for a saved version: where it lives for good, when it was received (UTC) and the
/// content hash the ledger recorded, with the ledger entry's sequence number.
/// </summary>
public sealed record SubmissionReceipt(Guid SubmissionId, string ConsultationSlug, string ConsultationTitle, int Version,
    DateTimeOffset SubmittedAt, string ContentHash, long LedgerSequence, string? OnBehalfOf, bool IsLate)
{
    public string Permalink => $"/consultations/{ConsultationSlug}/submissions/{SubmissionId}";
}
