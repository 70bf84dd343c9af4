namespace Consultation.Application.Email;

/// <summary>The "Email" section of appsettings.json.</summary>
public sealed class EmailOptions
{
    public const string Section = "Email";

    /// <summary>The sender of every message.</summary>
    public string From { get; set; } = "Consultation <no-reply@consultation.invalid>";

    /// <summary>Where messages are written when no SMTP host is set; empty means <c>mail</c> in the data directory.</summary>
    public string? PickupDirectory { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    public string ResolvedPickupDirectory(ConsultationOptions consultation) => string.IsNullOrWhiteSpace(PickupDirectory)
        ? Path.Combine(consultation.ResolvedDataDirectory, "mail")
        : Path.GetFullPath(PickupDirectory);
}

public sealed class SmtpOptions
{
    /// <summary>When set, mail goes through this server instead of the pickup folder.</summary>
    public string? Host { get; set; }

    /// <summary>Empty means the usual port of <see cref="Security"/>: 25, 587 or 465.</summary>
    public int? Port { get; set; }

    /// <summary>Sign in only when a user is given; many relays on the local network take mail without.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>StartTls by default, so that a password never crosses the network in the clear by accident.</summary>
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public int ResolvedPort => Port ?? Security switch
    {
        SmtpSecurity.None => 25,
        SmtpSecurity.SslOnConnect => 465,
        _ => 587,
    };
}

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}
