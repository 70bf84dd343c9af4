using System.Text;

namespace Consultation.Domain.Submissions;

/// <summary>
/// Rule: an attachment is accepted by what it contains, not by its name. A PDF starts with "%PDF-"; plain text is
/// valid UTF-8 without NUL bytes or other control characters (tab, line breaks and form feed aside). A renamed
/// executable is neither.
/// </summary>
public static class AttachmentContent
{
    private static readonly byte[] PdfSignature = "%PDF-"u8.ToArray();
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The content type the bytes really are (<c>application/pdf</c> or <c>text/plain</c>), or null.</summary>
    public static string? Identify(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty) return null;
        if (content.StartsWith(PdfSignature)) return "application/pdf";
        return IsPlainText(content) ? "text/plain" : null;
    }

    private static bool IsPlainText(ReadOnlySpan<byte> content)
    {
        string text;
        try { text = StrictUtf8.GetString(content); }
        catch (DecoderFallbackException) { return false; }
        foreach (var c in text)
            if (char.IsControl(c) && c is not ('\t' or '\n' or '\r' or '\f') && c != '\uFEFF') return false;
        return true;
    }
}
