namespace Consultation.Application.Tests.Submissions;

/// <summary>A double click or a retried request (same idempotency key) saves once and gets the first receipt back.</summary>
public sealed class IdempotencyTests : SubmissionTestBase
{
    [Fact]
    public async Task The_same_submission_sent_twice_returns_the_first_receipt_and_stores_one_submission()
    {
        var command = Position((await OpenAsync()).Id);
        var before = await RowCountsAsync();
        var first = await SendAsync(command, People.Member);
        App.Clock.Advance(TimeSpan.FromMinutes(1)); // a second save would carry a later time and another hash

        var retried = await SendAsync(command, People.Member);

        Assert.Equal(first, retried);
        Assert.Equal((before.Submissions + 1, before.Versions + 1, before.LedgerEntries + 1), await RowCountsAsync());
        Assert.Equal(1, await SubmissionCountAsync(Slugs.OpenForComment, s => s.IdempotencyKey == command.IdempotencyKey));
    }

    [Fact]
    public async Task The_same_submission_sent_twice_at_once_stores_one_submission()
    {
        var command = Position((await OpenAsync()).Id);
        var before = await RowCountsAsync();

        var receipts = await AtOnceAsync(() => SendAsync(command, People.Member), () => SendAsync(command, People.Member));

        Assert.Equal(receipts[0], receipts[1]);
        Assert.Equal((before.Submissions + 1, before.Versions + 1, before.LedgerEntries + 1), await RowCountsAsync());
        AssertIntact(await LedgerAsync());
    }

    [Fact]
    public async Task The_same_revision_sent_twice_stores_one_new_version()
    {
        var receipt = await SubmitOpenAsync(People.Member);
        var revision = Revision(receipt.SubmissionId);
        var first = await SendAsync(revision, People.Member);
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        var retried = await SendAsync(revision, People.Member);

        Assert.Equal(first, retried);
        Assert.Equal([1, 2], (await StoredAsync(receipt.SubmissionId)).Versions.Select(v => v.Number).Order());
    }

    [Fact]
    public async Task Two_different_submissions_with_their_own_keys_are_both_stored()
    {
        var before = await SubmissionCountAsync(Slugs.OpenForComment);

        var first = await SubmitOpenAsync(People.Member);
        var second = await SubmitOpenAsync(People.Member);

        Assert.NotEqual(first.SubmissionId, second.SubmissionId);
        Assert.Equal(before + 2, await SubmissionCountAsync(Slugs.OpenForComment));
    }
}
