namespace Consultation.Application.Email;

/// <summary>Sends mail: to the pickup folder by default, through SMTP when <c>Email:Smtp:Host</c> is set.</summary>
public interface IMailer
{
    /// <summary>
    /// Completes once the message is handed over (written to the folder, or accepted by the SMTP server). Throws
    /// <see cref="MailRefusedException"/> when the server refuses this message; any other failure is one that may pass.
    /// </summary>
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default);
}
