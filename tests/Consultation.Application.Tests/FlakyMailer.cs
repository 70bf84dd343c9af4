using Consultation.Application.Email;

namespace Consultation.Application.Tests;

/// <summary>Fails while <see cref="Failing"/>, as an unreachable mail server does; otherwise hands over to the real mailer.</summary>
internal sealed class FlakyMailer(IMailer inner) : IMailer
{
    public bool Failing { get; set; }
    public int Attempts { get; private set; }

    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        Attempts++;
        return Failing ? Task.FromException(new IOException("The mail server does not answer.")) : inner.SendAsync(mail, cancellationToken);
    }
}
