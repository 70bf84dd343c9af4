using Consultation.Application.Features.Ledger;
using Consultation.Application.Ledger;
using Consultation.Application.Tests.Submissions;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Ledger;

/// <summary>
/// The verifier over the seeded demo ledger, and over copies of it changed by hand with raw SQL, as someone with access
/// to the database file could: each change must be found, at the first entry it breaks.
/// </summary>
public sealed class LedgerVerificationTests : SubmissionTestBase
{
    private Task<VerifyLedger.Result> VerifyAsync() => App.SendAsync(new VerifyLedger.Query());

    private async Task TamperAsync(string sql)
    {
        await using var db = App.NewDbContext();
        var changed = await db.Database.ExecuteSqlRawAsync(sql);
        Assert.True(changed > 0, $"The tampering changed nothing: {sql}");
    }

    /// <summary>The sequence of the latest ledger entry of <paramref name="kind"/> whose subject is the one row <paramref name="subjectSql"/> selects (as Value).</summary>
    private async Task<long> EntryOfAsync(LedgerEntryKind kind, string subjectSql)
    {
        await using var db = App.NewDbContext();
        var subject = await db.Database.SqlQueryRaw<Guid>(subjectSql).SingleAsync();
        // The latest entry of the subject: a challenge has one when raised and one when answered.
        return await db.Ledger.Where(e => e.Kind == kind && e.SubjectId == subject).MaxAsync(e => e.Sequence);
    }

    private static void AssertBrokenAt(VerifyLedger.Result result, long sequence, LedgerEntryKind kind, string problem)
    {
        Assert.False(result.IsIntact);
        Assert.Equal(sequence, result.FirstBrokenSequence);
        Assert.Equal(kind, result.FirstBrokenKind);
        Assert.Contains(problem, result.Problem);
        Assert.Equal(sequence - 1, result.EntriesChecked);
    }

    [Fact]
    public async Task The_seeded_demo_ledger_verifies_chain_and_subjects()
    {
        var result = await VerifyAsync();
        var head = await App.SendAsync(new LedgerHead.Query());
        var ledger = await LedgerAsync();

        Assert.True(result.IsIntact, result.Problem);
        Assert.Equal(ledger.Count, result.EntriesChecked);
        Assert.Equal((head.Sequence, head.Hash, head.Entries), (ledger[^1].Sequence, result.HeadHash, (long)ledger.Count));
        Assert.Null(result.FirstBrokenSequence);
        // Every entry of the demo ledger is compared with the row it records.
        Assert.Equal(ledger.Count, result.SubjectsChecked);
        Assert.Equal(result.EntriesChecked, result.SubjectsChecked + result.NotCheckedCount);
    }

    [Theory]
    [InlineData("a sequence skipped", 2, false)]
    [InlineData("a sequence taken again", 0, false)]
    [InlineData("chained to an entry before the head", 1, true)]
    public async Task The_database_refuses_an_entry_that_does_not_follow_the_head(string what, int sequenceAfterHead, bool chainedToTheOneBefore)
    {
        await using var db = App.NewDbContext();
        var head = await db.Ledger.AsNoTracking().OrderByDescending(e => e.Sequence).FirstAsync();
        var before = await db.Ledger.AsNoTracking().SingleAsync(e => e.Sequence == head.Sequence - 1);
        var version = await db.SubmissionVersions.AsNoTracking().FirstAsync();
        var entry = LedgerEntry.Append(chainedToTheOneBefore ? before : head, LedgerEntryKind.SubmissionVersion, version.Id, version.ContentHash, Now);

        // Written by hand, as a bug or someone with the database file might; only the sequence is moved where asked.
        var refused = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "Ledger" ("Sequence", "Kind", "SubjectId", "ContentHash", "RecordedAt", "PreviousHash", "Hash") VALUES ({head.Sequence + sequenceAfterHead}, {entry.Kind.ToString()}, {entry.SubjectId}, {entry.ContentHash}, {entry.RecordedAt}, {entry.PreviousHash}, {entry.Hash})"""));
        Assert.True(refused.Message.Contains("must follow the head"), $"{what}: {refused.Message}");
        Assert.Equal(head.Sequence, await db.Ledger.MaxAsync(e => e.Sequence));
    }

    [Fact]
    public void Every_kind_of_ledger_entry_has_a_subject_check_so_a_new_kind_cannot_be_forgotten()
    {
        var checks = LedgerSubjectChecks.ByKind(App.Services.GetServices<ILedgerSubjectCheck>());

        Assert.Equal([], Enum.GetValues<LedgerEntryKind>().Where(kind => !checks.ContainsKey(kind)).ToArray());
    }

    [Fact]
    public async Task The_verifier_reads_the_ledger_in_batches_across_their_boundaries()
    {
        // More entries than one batch: enough new submissions and revisions to pass the batch size.
        var ledgerBefore = (await LedgerAsync()).Count;
        await using (var db = App.NewDbContext())
        {
            var last = await db.Ledger.OrderByDescending(e => e.Sequence).FirstAsync();
            await using var transaction = await db.Database.BeginTransactionAsync();
            // Entries that all record one real submission version again: each still matches its row.
            var version = await db.SubmissionVersions.AsNoTracking().FirstAsync();
            for (var i = 0; i < VerifyLedger.BatchSize + 10; i++)
                last = await new Consultation.Application.Ledger.LedgerWriter().AppendAsync(db, LedgerEntryKind.SubmissionVersion, version.Id,
                    version.ContentHash, Now, CancellationToken.None);
            await db.SaveChangesAsync();
            await transaction.CommitAsync();
        }

        var intact = await VerifyAsync();
        var broken = ledgerBefore + VerifyLedger.BatchSize; // just past the first batch
        await TamperAsync($"UPDATE Ledger SET ContentHash = '{new string('a', 64)}' WHERE Sequence = {broken}");
        var tampered = await VerifyAsync();

        Assert.True(intact.IsIntact, intact.Problem);
        Assert.Equal(ledgerBefore + VerifyLedger.BatchSize + 10, intact.EntriesChecked);
        AssertBrokenAt(tampered, broken, LedgerEntryKind.SubmissionVersion, "does not match its hash");
    }

    [Fact]
    public async Task A_ledger_rows_content_hash_changed_by_hand_breaks_that_entry()
    {
        await TamperAsync($"UPDATE Ledger SET ContentHash = '{CanonicalContent.Sha256Hex("something else")}' WHERE Sequence = 5");

        AssertBrokenAt(await VerifyAsync(), 5, (await LedgerAsync())[4].Kind, "Its content does not match its hash.");
    }

    [Fact]
    public async Task An_entrys_hash_changed_by_hand_breaks_that_entry()
    {
        await TamperAsync($"UPDATE Ledger SET Hash = '{CanonicalContent.Sha256Hex("forged")}' WHERE Sequence = 7");

        AssertBrokenAt(await VerifyAsync(), 7, (await LedgerAsync())[6].Kind, "Its content does not match its hash.");
    }

    [Fact]
    public async Task An_entry_resealed_after_a_change_breaks_the_next_link_and_no_longer_matches_its_subject()
    {
        var entry = (await LedgerAsync())[2];
        var forged = LedgerEntry.Append(null, entry.Kind, entry.SubjectId, CanonicalContent.Sha256Hex("forged"), entry.RecordedAt);
        // A consistent forgery of entry 3 on its own: its hash recomputed over the new content and its real predecessor.
        var resealed = CanonicalContent.Hash(("sequence", "3"), ("kind", entry.Kind.ToString()), ("subject", entry.SubjectId.ToString()),
            ("content", forged.ContentHash), ("recordedAt", CanonicalContent.Instant(entry.RecordedAt)), ("previous", entry.PreviousHash));
        await TamperAsync($"UPDATE Ledger SET ContentHash = '{forged.ContentHash}', Hash = '{resealed}' WHERE Sequence = 3");

        var chainOnly = LedgerVerification.Of(await LedgerAsync());
        Assert.Equal((4L, "Its previous hash does not match the entry before it."), (chainOnly.FirstBrokenSequence, chainOnly.Problem));
        AssertBrokenAt(await VerifyAsync(), 3, entry.Kind, "no longer matches");
    }

    [Fact]
    public async Task A_deleted_entry_is_reported_missing_at_the_next_one()
    {
        await TamperAsync("DELETE FROM Ledger WHERE Sequence = 10");

        var result = await VerifyAsync();

        Assert.False(result.IsIntact);
        Assert.Equal(11, result.FirstBrokenSequence);
        Assert.Equal("Entry 10 is missing.", result.Problem);
        Assert.Equal(9, result.EntriesChecked);
    }

    [Fact]
    public async Task A_submission_versions_text_changed_by_hand_is_found_though_the_ledger_table_is_untouched()
    {
        const string version = "SELECT v.Id AS Value FROM SubmissionVersions v JOIN Submissions s ON s.Id = v.SubmissionId "
                               + "JOIN Consultations c ON c.Id = s.ConsultationId WHERE c.Slug = 'ksk-rollover-communication-plan' AND v.Text LIKE '%local languages%'";
        var sequence = await EntryOfAsync(LedgerEntryKind.SubmissionVersion, version);
        await TamperAsync("UPDATE SubmissionVersions SET Text = replace(Text, 'local languages', 'English only') WHERE Text LIKE '%local languages%'");

        var result = await VerifyAsync();

        Assert.True(LedgerVerification.Of(await LedgerAsync()).IsIntact); // the chain alone cannot see it
        AssertBrokenAt(result, sequence, LedgerEntryKind.SubmissionVersion, "no longer matches its own content hash");
    }

    [Fact]
    public async Task A_submission_versions_stored_hash_changed_to_match_its_new_text_still_differs_from_the_ledger()
    {
        // The forger edits the text and stores the new text's hash in the version row: the ledger still holds the old one.
        const string version = "SELECT Id AS Value FROM SubmissionVersions WHERE Text LIKE '%publish the readiness measurements weekly%'";
        var sequence = await EntryOfAsync(LedgerEntryKind.SubmissionVersion, version);
        await using (var db = App.NewDbContext())
        {
            var id = await db.Database.SqlQueryRaw<Guid>(version).SingleAsync();
            await db.Database.ExecuteSqlRawAsync("UPDATE SubmissionVersions SET Text = replace(Text, 'weekly', 'yearly') WHERE Id = {0}", id);
            var stored = await db.SubmissionVersions.AsNoTracking().Include(v => v.CitedSections).Include(v => v.Attachments).SingleAsync(v => v.Id == id);
            var submission = await db.Submissions.AsNoTracking().SingleAsync(s => s.Id == stored.SubmissionId);
            await db.Database.ExecuteSqlRawAsync("UPDATE SubmissionVersions SET ContentHash = {0} WHERE Id = {1}", stored.RecomputeContentHash(submission), id);
        }

        AssertBrokenAt(await VerifyAsync(), sequence, LedgerEntryKind.SubmissionVersion, "other than the one the ledger recorded");
    }

    [Theory]
    [InlineData(LedgerEntryKind.DeadlineChange, "UPDATE DeadlineChanges SET Reason = 'Extended because the chair felt like it.'",
        "SELECT Id AS Value FROM DeadlineChanges")]
    [InlineData(LedgerEntryKind.Designation, "UPDATE Designation SET Rationale = 'Sample rationale: full support.' WHERE Sequence = 1",
        "SELECT Id AS Value FROM Designation WHERE Sequence = 1")]
    [InlineData(LedgerEntryKind.Designation, "UPDATE Designation SET Level = 'FullConsensus' WHERE Status = 'Final'",
        "SELECT Id AS Value FROM Designation WHERE Status = 'Final'")]
    [InlineData(LedgerEntryKind.Challenge, "UPDATE Challenge SET Status = 'Upheld'", "SELECT Id AS Value FROM Challenge")]
    [InlineData(LedgerEntryKind.Disposition, "UPDATE ReviewSteps SET Response = 'Sample response: rejected.' WHERE Id = (SELECT Id FROM ReviewSteps WHERE Action = 'DispositionSet' ORDER BY At, Id LIMIT 1)",
        "SELECT Id AS Value FROM ReviewSteps WHERE Action = 'DispositionSet' ORDER BY At, Id LIMIT 1")]
    [InlineData(LedgerEntryKind.StageMove, "UPDATE ReviewSteps SET StageId = (SELECT Id FROM ReviewStages WHERE \"Order\" = 1) WHERE Id = (SELECT Id FROM ReviewSteps WHERE Action = 'PassedUp' ORDER BY At, Id LIMIT 1)",
        "SELECT Id AS Value FROM ReviewSteps WHERE Action = 'PassedUp' ORDER BY At, Id LIMIT 1")]
    [InlineData(LedgerEntryKind.ResponsePublished, "UPDATE ReviewSteps SET At = '2010-06-20 12:00:00.0000000Z' WHERE Id = (SELECT Id FROM ReviewSteps WHERE Action = 'ResponsePublished' ORDER BY At, Id LIMIT 1)",
        "SELECT Id AS Value FROM ReviewSteps WHERE Action = 'ResponsePublished' ORDER BY At, Id LIMIT 1")]
    [InlineData(LedgerEntryKind.ReviewCycleSetUp, "UPDATE ReviewStages SET Name = 'Secret council' WHERE \"Order\" = 3",
        "SELECT Id AS Value FROM ReviewCycles")]
    [InlineData(LedgerEntryKind.ConsensusCallOpened, "UPDATE ConsensusCalls SET OpenedAt = '2010-05-01 09:00:00.0000000Z'",
        "SELECT Id AS Value FROM ConsensusCalls")]
    [InlineData(LedgerEntryKind.MinorityViewRecorded, "UPDATE MinorityView SET Summary = 'Sample minority view: nobody disagreed.'",
        "SELECT Id AS Value FROM MinorityView")]
    [InlineData(LedgerEntryKind.DesignationResponse, "UPDATE DesignationResponses SET Comment = 'Sample: I never said that.'",
        "SELECT Id AS Value FROM DesignationResponses LIMIT 1")]
    [InlineData(LedgerEntryKind.RecordPublished, "UPDATE ConsensusRecords SET Decision = 'Sample decision: adopted as drafted.'",
        "SELECT Id AS Value FROM ConsensusRecords")]
    public async Task A_recorded_row_changed_by_hand_breaks_its_entry(LedgerEntryKind kind, string tampering, string subject)
    {
        var sequence = await EntryOfAsync(kind, subject);
        await TamperAsync(tampering);

        AssertBrokenAt(await VerifyAsync(), sequence, kind, "no longer matches the content hash the ledger recorded");
    }

    [Fact]
    public async Task A_recorded_row_deleted_by_hand_breaks_its_entry()
    {
        var sequence = await EntryOfAsync(LedgerEntryKind.DeadlineChange, "SELECT Id AS Value FROM DeadlineChanges");
        await TamperAsync("DELETE FROM DeadlineChanges");

        AssertBrokenAt(await VerifyAsync(), sequence, LedgerEntryKind.DeadlineChange, "is no longer stored");
    }

    [Fact]
    public async Task Of_several_changes_the_earliest_in_the_ledger_is_reported()
    {
        var designation = await EntryOfAsync(LedgerEntryKind.Designation, "SELECT Id AS Value FROM Designation WHERE Sequence = 1");
        var extension = await EntryOfAsync(LedgerEntryKind.DeadlineChange, "SELECT Id AS Value FROM DeadlineChanges");
        var head = (await LedgerAsync())[^1].Sequence;
        await TamperAsync("UPDATE Designation SET Rationale = 'changed' WHERE Sequence = 1");
        await TamperAsync("UPDATE DeadlineChanges SET Reason = 'changed'");
        await TamperAsync($"UPDATE Ledger SET Hash = '{new string('f', 64)}' WHERE Sequence = {head}");

        var result = await VerifyAsync();

        Assert.True(extension < designation);
        AssertBrokenAt(result, extension, LedgerEntryKind.DeadlineChange, "deadline change");
    }

    [Fact]
    public async Task A_reply_period_changed_by_hand_breaks_its_entry()
    {
        var chair = await App.CallerAsync(People.Chair);
        var open = await OpenAsync();
        App.Clock.SetUtcNow(open.ClosesAt.AddHours(1));
        await App.SendAsync(new Features.Periods.OpenReplyPeriod.Command(open.Slug, open.ClosesAt.AddHours(2), open.ClosesAt.AddDays(30)), chair);
        var sequence = (await LedgerAsync())[^1].Sequence;
        var intact = await VerifyAsync();
        await TamperAsync($"UPDATE Consultations SET ReplyClosesAt = '{open.ClosesAt.AddDays(60).UtcDateTime:yyyy-MM-dd HH:mm:ss.fffffff}Z' WHERE Slug = '{open.Slug}'");

        Assert.True(intact.IsIntact, intact.Problem);
        AssertBrokenAt(await VerifyAsync(), sequence, LedgerEntryKind.DeadlineChange, "no longer matches");
    }
}
