using System.Security.Cryptography;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Pipeline;
using Consultation.Domain.Submissions;

namespace Consultation.Application.Tests.Submissions;

/// <summary>Attachments are accepted by what they contain (a PDF or plain text, at most 10 MB, at most five) and kept with their version.</summary>
public sealed class AttachmentTests : SubmissionTestBase
{
    private const string Text = "Annex: r\u00e9sum\u00e9 of the position \u2013 see section 2 \u2713\r\n\tIndented line.\f\n";

    private async Task<byte[]> DownloadAsync(Guid attachmentId, string expectedName, string expectedType)
    {
        var download = await SendAsync(new DownloadAttachment.Query(attachmentId));
        Assert.Equal((expectedName, expectedType), (download.FileName, download.ContentType));
        await using var content = download.Content;
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        return copy.ToArray();
    }

    [Fact]
    public async Task A_small_pdf_is_staged_as_a_pdf_with_its_size_and_hash()
    {
        var staged = await StageAsync(People.Member, "position.pdf", SmallPdf);

        Assert.Equal(("position.pdf", "application/pdf", SmallPdf.LongLength), (staged.FileName, staged.ContentType, staged.Size));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(SmallPdf)), staged.Sha256);
        Assert.Equal(await PersonIdAsync(People.Member), staged.PersonId);
    }

    [Fact]
    public async Task Utf8_text_is_staged_as_plain_text() =>
        Assert.Equal("text/plain", (await StageAsync(People.Member, "annex.txt", Utf8(Text))).ContentType);

    [Fact]
    public async Task A_file_name_keeps_only_its_last_segment() =>
        Assert.Equal("position.pdf", (await StageAsync(People.Member, "../../attachments/position.pdf", SmallPdf)).FileName);

    [Theory]
    [InlineData("folder/")]
    [InlineData("../")]
    public async Task A_file_name_without_a_name_is_refused_when_staged(string fileName) =>
        Assert.Equal(["The file needs a name of at most 255 characters."],
            await AssertInvalidAsync("FileName", () => StageAsync(People.Member, fileName, SmallPdf)));

    [Theory]
    [InlineData("position.pdf", "4D5A90000300000004000000FFFF0000B8000000", "a Windows executable renamed")]
    [InlineData("position.txt", "7F454C46020101000000000000000000", "a Linux executable renamed")]
    [InlineData("scan.pdf", "FFD8FFE000104A464946000101", "an image renamed")]
    [InlineData("junk.bin", "1337DEADBEEF0001FECA88", "binary junk")]
    [InlineData("notes.txt", "506C61696E20776F7264732C207468656E2061204E554C20002062797465", "text with a NUL byte")]
    [InlineData("notes.txt", "436F6C6F757220636F646573201B5B33316D20617265206E6F742074657874", "text with a terminal escape")]
    [InlineData("notes.txt", "42726F6B656E205554462D383A20C328", "invalid UTF-8")]
    [InlineData("empty.txt", "", "an empty file")]
    public async Task A_file_that_is_neither_a_pdf_nor_plain_text_is_refused_whatever_its_name(string fileName, string hex, string what)
    {
        var messages = await AssertInvalidAsync("Content", () => StageAsync(People.Member, fileName, Convert.FromHexString(hex)));

        Assert.True(messages is [_], what);
        Assert.Equal($"\u201c{fileName}\u201d is neither a PDF nor plain text. Attach a PDF or a .txt file.", messages[0]);
    }

    [Fact]
    public async Task A_file_of_ten_megabytes_is_accepted_and_one_byte_more_is_refused()
    {
        var content = new byte[Attachment.MaxBytes + 1];
        content.AsSpan().Fill((byte)'a');

        var largest = await StageAsync(People.Member, "largest.txt", content[..^1]);
        var messages = await AssertInvalidAsync("Content", () => StageAsync(People.Member, "too-large.txt", content));

        Assert.Equal(Attachment.MaxBytes, largest.Size);
        Assert.Equal(["\u201ctoo-large.txt\u201d is larger than 10 MB."], messages);
    }

    [Fact]
    public async Task A_submission_keeps_its_staged_files_which_download_as_sent_with_the_sniffed_type_and_a_matching_extension()
    {
        var pdf = await StageAsync(People.Member, "position.pdf", SmallPdf);
        var text = await StageAsync(People.Member, "annex.pdf", Utf8(Text)); // named .pdf, but it is text: kept as annex.txt

        var receipt = await SendAsync(Position((await OpenAsync()).Id) with { AttachmentTokens = [pdf.Token, text.Token] }, People.Member);

        var shown = await SendAsync(new ShowSubmission.Query(Slugs.OpenForComment, receipt.SubmissionId));
        var attachments = Assert.Single(shown.Versions).Attachments;
        Assert.Equal([("position.pdf", "application/pdf", SmallPdf.LongLength), ("annex.txt", "text/plain", Utf8(Text).LongLength)],
            attachments.Select(a => (a.FileName, a.ContentType, a.Size)).OrderBy(a => a.ContentType, StringComparer.Ordinal));
        Assert.Equal(SmallPdf, await DownloadAsync(attachments.Single(a => a.FileName == "position.pdf").Id, "position.pdf", "application/pdf"));
        Assert.Equal(Utf8(Text), await DownloadAsync(attachments.Single(a => a.FileName == "annex.txt").Id, "annex.txt", "text/plain"));
    }

    [Fact]
    public async Task An_unknown_attachment_is_not_found() =>
        await Assert.ThrowsAsync<NotFoundException>(() => SendAsync(new DownloadAttachment.Query(Guid.NewGuid())));

    [Fact]
    public async Task A_file_staged_by_another_person_is_refused_and_nothing_is_saved()
    {
        var theirs = await StageAsync(People.RepCcnso, "position.pdf", SmallPdf);
        var withTheirs = Position((await OpenAsync()).Id) with { AttachmentTokens = [theirs.Token] };
        var before = await RowCountsAsync();

        await AssertInvalidAsync("AttachmentTokens", () => SendAsync(withTheirs, People.Member));

        Assert.Equal(before, await RowCountsAsync());
    }

    [Fact]
    public async Task A_staged_file_is_used_once()
    {
        var staged = await StageAsync(People.Member, "position.pdf", SmallPdf);
        var open = await OpenAsync();
        await SendAsync(Position(open.Id) with { AttachmentTokens = [staged.Token] }, People.Member);

        await AssertInvalidAsync("AttachmentTokens", () => SendAsync(Position(open.Id) with { AttachmentTokens = [staged.Token] }, People.Member));
    }

    [Fact]
    public async Task Five_attachments_are_accepted_and_a_sixth_is_refused()
    {
        var tokens = new List<Guid>();
        for (var i = 1; i <= Attachment.MaxPerSubmission + 1; i++)
            tokens.Add((await StageAsync(People.Member, $"annex-{i}.txt", Utf8($"Annex {i}."))).Token);
        var open = await OpenAsync();

        var messages = await AssertInvalidAsync("AttachmentTokens", () => SendAsync(Position(open.Id) with { AttachmentTokens = tokens }, People.Member));
        var receipt = await SendAsync(Position(open.Id) with { AttachmentTokens = tokens[..^1] }, People.Member);

        Assert.Equal(["Attach at most 5 files."], messages);
        Assert.Equal(5, Assert.Single((await StoredAsync(receipt.SubmissionId)).Versions).Attachments.Count);
    }

    [Fact]
    public async Task A_revision_carries_over_the_attachments_it_keeps_and_drops_the_others()
    {
        var kept = await StageAsync(People.Member, "kept.pdf", SmallPdf);
        var dropped = await StageAsync(People.Member, "dropped.txt", Utf8(Text));
        var first = await SendAsync(Position((await OpenAsync()).Id) with { AttachmentTokens = [kept.Token, dropped.Token] }, People.Member);
        var keptId = (await StoredAsync(first.SubmissionId)).Versions.Single().Attachments.Single(a => a.FileName == "kept.pdf").Id;

        await SendAsync(Revision(first.SubmissionId) with { KeptAttachmentIds = [keptId] }, People.Member);

        var versions = (await StoredAsync(first.SubmissionId)).Versions.OrderBy(v => v.Number).ToList();
        Assert.Equal(["dropped.txt", "kept.pdf"], versions[0].Attachments.Select(a => a.FileName).Order());
        var carried = Assert.Single(versions[1].Attachments);
        Assert.Equal(("kept.pdf", kept.Sha256), (carried.FileName, carried.Sha256));
        Assert.Equal(SmallPdf, await DownloadAsync(carried.Id, "kept.pdf", "application/pdf"));
    }
}
