namespace Consultation.Domain.Consultations;

public enum DeadlineChangeKind
{
    Extension,
    EarlyClosure,
}

/// <summary>A recorded change to the comment period's close: who, when, why, from and to.</summary>
public sealed class DeadlineChange
{
    private DeadlineChange() { }

    internal DeadlineChange(Guid consultationId, DeadlineChangeKind kind, DateTimeOffset previousClose,
        DateTimeOffset newClose, string reason, string changedBy, DateTimeOffset changedAt)
    {
        Id = Guid.NewGuid();
        ConsultationId = consultationId;
        Kind = kind;
        PreviousClose = previousClose;
        NewClose = newClose;
        Reason = reason;
        ChangedBy = changedBy;
        ChangedAt = changedAt;
    }

    public Guid Id { get; private set; }
    public Guid ConsultationId { get; private set; }
    public DeadlineChangeKind Kind { get; private set; }
    public DateTimeOffset PreviousClose { get; private set; }
    public DateTimeOffset NewClose { get; private set; }
    public string Reason { get; private set; } = "";
    public string ChangedBy { get; private set; } = "";
    public DateTimeOffset ChangedAt { get; private set; }
}
