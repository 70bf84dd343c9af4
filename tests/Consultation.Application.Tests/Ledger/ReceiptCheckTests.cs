using Consultation.Application.Features.Ledger;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Ledger;

/// <summary>Anyone checks a receipt's content hash against the ledger: found where it is, not found otherwise.</summary>
public sealed class ReceiptCheckTests : SubmissionTestBase
{
    [Fact]
    public async Task A_demo_submission_versions_hash_is_found_with_its_entry_and_permalink()
    {
        await using var db = App.NewDbContext();
        var version = await db.SubmissionVersions.AsNoTracking().OrderBy(v => v.SubmittedAt).FirstAsync();
        var submission = await db.Submissions.AsNoTracking().SingleAsync(s => s.Id == version.SubmissionId);
        var consultation = await db.Consultations.AsNoTracking().SingleAsync(c => c.Id == submission.ConsultationId);
        var entry = await db.Ledger.AsNoTracking().SingleAsync(e => e.Kind == LedgerEntryKind.SubmissionVersion && e.SubjectId == version.Id);

        // Upper case from a receipt copied by hand is accepted and normalised; anyone may ask.
        var result = await App.SendAsync(new CheckReceipt.Query(version.ContentHash.ToUpperInvariant()));

        Assert.True(result.Found);
        Assert.Equal(version.ContentHash, result.ContentHash);
        var found = Assert.Single(result.Entries);
        Assert.Equal((entry.Sequence, entry.RecordedAt, entry.Hash), (found.Sequence, found.RecordedAt, found.Hash));
        Assert.Equal(new CheckReceipt.RecordedVersion(consultation.Slug, consultation.Title, submission.Id, version.Number), found.Version);
        Assert.Equal($"/consultations/{consultation.Slug}/submissions/{submission.Id}", found.Version!.Permalink);
    }

    [Fact]
    public async Task A_random_hash_is_not_in_the_ledger()
    {
        var result = await App.SendAsync(new CheckReceipt.Query(CanonicalContent.Sha256Hex(Guid.NewGuid().ToString())));

        Assert.False(result.Found);
        Assert.Empty(result.Entries);
    }

    [Fact]
    public async Task The_content_hash_of_another_kind_of_entry_is_not_a_submission_version()
    {
        await using var db = App.NewDbContext();
        var other = await db.Ledger.AsNoTracking().Where(e => e.Kind != LedgerEntryKind.SubmissionVersion).Select(e => e.ContentHash).FirstAsync();

        Assert.False((await App.SendAsync(new CheckReceipt.Query(other))).Found);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef0")]
    public async Task Anything_but_64_hex_characters_is_refused_with_the_message(string text)
    {
        var invalid = await Assert.ThrowsAsync<InputInvalidException>(() => App.SendAsync(new CheckReceipt.Query(text)));

        Assert.Equal(["Give the 64-character content hash from the receipt."], invalid.Errors[nameof(CheckReceipt.Query.ContentHash)]);
    }
}
