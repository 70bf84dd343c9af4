namespace Consultation.Domain.Consultations;

/// <summary>Where a consultation stands, derived from the clock and the record; never stored.</summary>
public enum ConsultationStatus
{
    Upcoming,
    OpenForComment,
    ReplyPeriod,
    InReview,
    Decided,
}

public static class ConsultationStatusNames
{
    public static string Display(this ConsultationStatus status) => status switch
    {
        ConsultationStatus.Upcoming => "Upcoming",
        ConsultationStatus.OpenForComment => "Open for comment",
        ConsultationStatus.ReplyPeriod => "Reply period",
        ConsultationStatus.InReview => "In review",
        ConsultationStatus.Decided => "Decided",
        _ => status.ToString(),
    };
}
