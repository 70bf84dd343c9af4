using MimeKit;

namespace Consultation.Application.Email;

/// <summary>
/// One message to one person. <paramref name="To"/> is an address, optionally with a name
/// (<c>"Noor &lt;noor@example.org&gt;"</c>). <paramref name="TextBody"/> is always sent, so every mail client can read
/// the message; <paramref name="HtmlBody"/>, when given, is its alternative.
/// </summary>
public sealed record OutgoingMail(string To, string Subject, string TextBody, string? HtmlBody = null)
{
    internal MimeMessage ToMimeMessage(string from, DateTimeOffset date)
    {
        var body = new BodyBuilder { TextBody = TextBody, HtmlBody = HtmlBody };
        var message = new MimeMessage { Subject = Subject, Date = date, Body = body.ToMessageBody() };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(To));
        return message;
    }
}
