using System.Net;
using System.Text.Encodings.Web;
using Consultation.Application.Email;
using Consultation.Application.Identity;
using Microsoft.AspNetCore.Identity;

namespace Consultation.Web.Components.Account;

/// <summary>Identity's messages (confirm an address, reset a password), sent through the portal's <see cref="IMailer"/>.</summary>
internal sealed class IdentityEmailSender(IMailer mailer) : IEmailSender<Person>
{
    private const string ConfirmSubject = "Confirm your account on Consultation";
    private const string ResetSubject = "Reset your password on Consultation";
    private const string NotYou = "If you did not ask for this, you can ignore this message: nothing changes without it.";

    public Task SendConfirmationLinkAsync(Person user, string email, string confirmationLink) =>
        SendLinkAsync(email, ConfirmSubject, "To confirm your email address for your account on Consultation, open this link:", confirmationLink);

    public Task SendPasswordResetLinkAsync(Person user, string email, string resetLink) =>
        SendLinkAsync(email, ResetSubject, "To choose a new password for your account on Consultation, open this link:", resetLink);

    public Task SendPasswordResetCodeAsync(Person user, string email, string resetCode) => mailer.SendAsync(new OutgoingMail(email, ResetSubject,
        $"Your code to reset your password on Consultation is:\n\n{resetCode}\n\n{NotYou}\n",
        $"<p>Your code to reset your password on Consultation is:</p><p><strong>{HtmlEncoder.Default.Encode(resetCode)}</strong></p><p>{NotYou}</p>"));

    // Identity's pages hand over links already HTML-encoded (the contract of IEmailSender<TUser>): the HTML body
    // takes them as they are, the text body decoded.
    private Task SendLinkAsync(string email, string subject, string lead, string htmlEncodedLink) => mailer.SendAsync(new OutgoingMail(email, subject,
        $"{lead}\n\n{WebUtility.HtmlDecode(htmlEncodedLink)}\n\n{NotYou}\n",
        $"<p>{lead}</p><p><a href=\"{htmlEncodedLink}\">{htmlEncodedLink}</a></p><p>{NotYou}</p>"));
}
