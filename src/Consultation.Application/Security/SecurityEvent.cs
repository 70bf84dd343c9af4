namespace Consultation.Application.Security;

public enum SecurityEventKind
{
    SignedIn,
    SignInFailed,
    LockedOut,
    SignInNotAllowed,
    AuthorizationRefused,
    RoleGranted,
    MandateGranted,
    MandateEnded,
    MembershipGranted,
    MembershipEnded,
}

/// <summary>
/// One entry of the security audit log (ASVS 5.0 V16): who, what, when and from where. Written beside the change it
/// records when there is one (a mandate), or on its own (a sign-in, a refusal). Never shown publicly; administrators read it.
/// </summary>
public sealed class SecurityEvent
{
    private SecurityEvent() { }

    public SecurityEvent(SecurityEventKind kind, string? personId, string detail, string? clientAddress, DateTimeOffset at)
    {
        Kind = kind;
        PersonId = personId;
        // Bounded: a failed sign-in records the name tried, which anyone can make as long as they like.
        Detail = detail.Length <= MaxDetailLength ? detail : detail[..MaxDetailLength];
        ClientAddress = clientAddress;
        At = at;
    }

    public const int MaxDetailLength = 500;

    public long Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public SecurityEventKind Kind { get; private set; }
    /// <summary>The person it concerns (who signed in, who was refused, who granted), when known.</summary>
    public string? PersonId { get; private set; }
    public string Detail { get; private set; } = "";
    public string? ClientAddress { get; private set; }
}
