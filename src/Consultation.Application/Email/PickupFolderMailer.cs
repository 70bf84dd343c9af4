using Microsoft.Extensions.Logging;
using MimeKit;

namespace Consultation.Application.Email;

/// <summary>
/// Writes each message as an RFC 5322 <c>.eml</c> file, named by the time it was sent and a unique id so that the
/// folder lists in order. Any mail client opens the files; a test or a developer reads them without a server.
/// </summary>
public sealed class PickupFolderMailer(string folder, string from, TimeProvider clock, ILogger<PickupFolderMailer> logger) : IMailer
{
    // RFC 5322 lines end in CRLF, whatever the platform's newline.
    private static readonly FormatOptions Rfc5322 = CreateFormat();

    /// <remarks>
    /// Synchronous underneath: a local file of a few kilobytes goes to the page cache in microseconds, where on Linux an
    /// asynchronous file write is the same write handed to another pool thread, which every receipt paid
    /// (docs/BENCHMARKS.md). The pickup folder is meant to be a local one: on a network mount each message would hold
    /// a pool thread for the round trip.
    /// </remarks>
    public Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken = default)
    {
        try
        {
            Write(mail, cancellationToken);
            return Task.CompletedTask;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }
        catch (Exception failure)
        {
            return Task.FromException(failure);
        }
    }

    private void Write(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var message = mail.ToMimeMessage(from, now);
        // What MailKit does before sending: choose transfer encodings, so non-ASCII text is not written as raw bytes.
        message.Prepare(EncodingConstraint.SevenBit);
        Directory.CreateDirectory(folder);
        var name = Path.Combine(folder, $"{now:yyyyMMdd'T'HHmmssfffffff'Z'}-{Guid.NewGuid():N}");

        // Written under another name, then renamed in the same folder: whoever watches for .eml files never
        // reads half a message.
        var temporary = name + ".tmp";
        try
        {
            // Formatted in memory and written at once: MimeKit writes a message in many small pieces.
            using var formatted = new MemoryStream();
            message.WriteTo(Rfc5322, formatted, cancellationToken);
            File.WriteAllBytes(temporary, formatted.GetBuffer().AsSpan(0, (int)formatted.Length));
            File.Move(temporary, name + ".eml");
        }
        finally
        {
            File.Delete(temporary); // left behind only when writing failed
        }
        logger.LogInformation("Mail \"{Subject}\" written to {File}", mail.Subject, name + ".eml");
    }

    private static FormatOptions CreateFormat()
    {
        var format = FormatOptions.Default.Clone();
        format.NewLineFormat = NewLineFormat.Dos;
        return format;
    }
}
