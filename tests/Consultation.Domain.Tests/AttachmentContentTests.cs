using System.Text;
using Consultation.Domain.Submissions;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public sealed class AttachmentContentTests
{
    [Fact]
    public void A_pdf_is_recognised_by_its_signature() =>
        Assert.Equal("application/pdf", AttachmentContent.Identify("%PDF-1.7\n%âãÏÓ\n1 0 obj"u8));

    [Fact]
    public void Utf8_text_with_line_breaks_and_tabs_is_plain_text() =>
        Assert.Equal("text/plain", AttachmentContent.Identify(Encoding.UTF8.GetBytes("Illustrative annex\r\n\tSection 3: Measuring readiness — ç\n")));

    [Theory]
    [InlineData(new byte[] { 0x4D, 0x5A, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00 })]     // "MZ": a Windows executable renamed .pdf
    [InlineData(new byte[] { 0x7F, 0x45, 0x4C, 0x46, 0x02, 0x01, 0x01, 0x00 })]     // ELF
    [InlineData(new byte[] { 0x50, 0x4B, 0x03, 0x04, 0x14, 0x00 })]                 // a zip archive
    [InlineData(new byte[] { 0x41, 0x42, 0xC3, 0x28 })]                             // invalid UTF-8
    [InlineData(new byte[] { 0x41, 0x00, 0x42 })]                                   // a NUL byte
    [InlineData(new byte[] { 0x41, 0x1B, 0x5B, 0x33, 0x31, 0x6D })]                 // an escape sequence
    [InlineData(new byte[0])]
    public void Anything_else_is_neither_pdf_nor_plain_text_whatever_its_name(byte[] content) =>
        Assert.Null(AttachmentContent.Identify(content));

    [Fact]
    public void A_version_carries_at_most_five_attachments()
    {
        var version = Comment(Extended(), DuringComments).Current;
        for (var i = 0; i < Attachment.MaxPerSubmission; i++)
            version.Attach($"annex-{i}.txt", "text/plain", 10, new string('a', 64), new string('a', 64));

        Refused("attachments-at-most-five", () => version.Attach("annex-6.txt", "text/plain", 10, new string('b', 64), new string('b', 64)));
    }

    [Fact]
    public void An_attachment_must_be_a_pdf_or_text_and_at_most_ten_megabytes()
    {
        var version = Comment(Extended(), DuringComments).Current;

        Refused("attachment-type", () => version.Attach("tool.exe", "application/octet-stream", 10, "", ""));
        Refused("attachment-size", () => version.Attach("big.pdf", "application/pdf", Attachment.MaxBytes + 1, "", ""));
    }

    [Fact]
    public void Attaching_a_file_changes_the_content_hash_so_the_ledger_covers_the_files_too()
    {
        var version = Comment(Extended(), DuringComments).Current;
        var withoutFiles = version.ContentHash;

        version.Attach("annex.txt", "text/plain", 10, new string('c', 64), new string('c', 64));

        Assert.NotEqual(withoutFiles, version.ContentHash);
        Assert.Matches("^[0-9a-f]{64}$", version.ContentHash);
    }
}
