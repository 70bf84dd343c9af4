namespace Consultation.Domain.Reviews;

/// <summary>
/// How a submission was answered (after RFC 7282): every objection is addressed, not necessarily accommodated.
/// </summary>
public enum Disposition
{
    Accepted,
    PartiallyAccepted,
    AddressedNotAccommodated,
    OutOfScope,
    Duplicate,
}

public static class DispositionNames
{
    public static string Display(this Disposition disposition) => disposition switch
    {
        Disposition.Accepted => "Accepted",
        Disposition.PartiallyAccepted => "Partially accepted",
        Disposition.AddressedNotAccommodated => "Addressed - not accommodated",
        Disposition.OutOfScope => "Out of scope",
        Disposition.Duplicate => "Duplicate",
        _ => disposition.ToString(),
    };
}
