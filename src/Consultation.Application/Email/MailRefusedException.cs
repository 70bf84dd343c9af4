namespace Consultation.Application.Email;

/// <summary>
/// The mail server refused this message for good (an SMTP 5xx answer: no such recipient, sender or content not
/// accepted): sending it again will not help, unlike a server that is down or busy, which throws anything else.
/// </summary>
public sealed class MailRefusedException(string message, Exception inner) : Exception(message, inner);
