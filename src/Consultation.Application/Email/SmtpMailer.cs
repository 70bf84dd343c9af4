using MailKit.Net.Smtp;
using MailKit.Security;

namespace Consultation.Application.Email;

/// <summary>Hands each message to an SMTP server (MailKit), on a connection of its own.</summary>
public sealed class SmtpMailer(SmtpOptions smtp, string from, TimeProvider clock) : IMailer
{
    private readonly string _host = string.IsNullOrWhiteSpace(smtp.Host) ? throw new ArgumentException("Email:Smtp:Host is not set.", nameof(smtp)) : smtp.Host;

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        var message = mail.ToMimeMessage(from, clock.GetUtcNow());
        using var client = new SmtpClient();
        var security = smtp.Security switch
        {
            SmtpSecurity.None => SecureSocketOptions.None,
            SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.StartTls,
        };
        await client.ConnectAsync(_host, smtp.ResolvedPort, security, cancellationToken);
        if (!string.IsNullOrEmpty(smtp.User))
            await client.AuthenticateAsync(smtp.User, smtp.Password ?? "", cancellationToken);
        try
        {
            await client.SendAsync(message, cancellationToken);
        }
        catch (SmtpCommandException refused) when ((int)refused.StatusCode >= 500)
        {
            throw new MailRefusedException($"The mail server refused the message to {mail.To}: {(int)refused.StatusCode} {refused.Message}", refused);
        }
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
