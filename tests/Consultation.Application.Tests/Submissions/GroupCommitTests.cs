using Consultation.Application.Features.Submissions;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Submissions;

/// <summary>
/// Submissions that arrive together are saved in shared transactions (GroupCommit), yet each is answered on its own:
/// one refused inside its write step is refused alone, and every other is saved, in the ledger, before its receipt.
/// </summary>
public sealed class GroupCommitTests : SubmissionTestBase
{
    private const int Sent = 40;

    [Fact]
    public async Task Submissions_sent_together_share_commits_and_one_refused_in_its_step_is_refused_alone()
    {
        var consultationId = (await OpenAsync()).Id;
        var member = await App.CallerAsync(People.Member);
        var commits = App.Services.GetRequiredService<GroupCommit>();
        var (committedBefore, rowsBefore) = (commits.Committed, await RowCountsAsync());

        // Every tenth cites a section no proposal has: refused by the handler inside the write step, not by validation.
        static bool Refused(int i) => i % 10 == 3;
        var outcomes = await Task.WhenAll(Enumerable.Range(0, Sent).Select(i => Task.Run(async () =>
        {
            var command = Position(consultationId, text: $"Position {i}, sent with the others.");
            try
            {
                return (Receipt: await App.SendAsync(Refused(i) ? command with { CitedSectionIds = [Guid.NewGuid()] } : command, member), Failure: (Exception?)null);
            }
            catch (Exception failure)
            {
                return (Receipt: (SubmissionReceipt?)null, Failure: failure);
            }
        })));

        var refused = Enumerable.Range(0, Sent).Count(Refused);
        Assert.All(outcomes.Where((_, i) => Refused(i)), o => Assert.IsType<InputInvalidException>(o.Failure));
        Assert.All(outcomes.Where((_, i) => !Refused(i)), o => Assert.Null(o.Failure));
        var receipts = outcomes.Select(o => o.Receipt).OfType<SubmissionReceipt>().ToList();
        var rows = await RowCountsAsync();
        Assert.Equal((rowsBefore.Submissions + Sent - refused, rowsBefore.LedgerEntries + Sent - refused), (rows.Submissions, rows.LedgerEntries));
        var ledger = await LedgerAsync();
        AssertIntact(ledger);
        Assert.All(receipts, r => Assert.Contains(ledger, e => e.Sequence == r.LedgerSequence && e.ContentHash == r.ContentHash));

        var committed = commits.Committed;
        Assert.Equal(Sent - refused, committed.Steps - committedBefore.Steps);
        Assert.True(committed.Groups - committedBefore.Groups < Sent - refused,
            $"{Sent - refused} submissions sent at once took {committed.Groups - committedBefore.Groups} commits: none were grouped.");
    }
}
