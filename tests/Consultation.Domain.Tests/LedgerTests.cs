using Consultation.Domain.Ledger;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public class LedgerTests
{
    private static List<LedgerEntry> Chain(int length)
    {
        var entries = new List<LedgerEntry>();
        for (var i = 0; i < length; i++)
            entries.Add(LedgerEntry.Append(entries.LastOrDefault(), LedgerEntryKind.SubmissionVersion, Guid.NewGuid(),
                CanonicalContent.Sha256Hex($"version {i}"), DuringComments.AddMinutes(i)));
        return entries;
    }

    /// <summary>Edits a stored row behind the domain's back, as someone with database access could.</summary>
    private static void Tamper(LedgerEntry entry, string property, object value) =>
        typeof(LedgerEntry).GetProperty(property)!.SetValue(entry, value);

    [Fact]
    public void First_entry_chains_to_the_genesis_hash()
    {
        var first = Chain(1)[0];

        Assert.Equal(1, first.Sequence);
        Assert.Equal(LedgerEntry.GenesisHash, first.PreviousHash);
        Assert.Equal(new string('0', 64), LedgerEntry.GenesisHash);
        Assert.Equal(first.ComputeHash(), first.Hash);
        Assert.Matches("^[0-9a-f]{64}$", first.Hash);
    }

    [Fact]
    public void Append_chains_each_entry_to_the_one_before()
    {
        var entries = Chain(3);

        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.Sequence));
        Assert.Equal(entries[0].Hash, entries[1].PreviousHash);
        Assert.Equal(entries[1].Hash, entries[2].PreviousHash);
    }

    [Fact]
    public void Intact_ledger_verifies()
    {
        var verification = LedgerVerification.Of(Chain(4));
        Assert.Equal(new LedgerVerification(true, 4, null, null), verification);
    }

    [Fact]
    public void Clock_step_backwards_does_not_unorder_the_ledger()
    {
        var first = LedgerEntry.Append(null, LedgerEntryKind.DeadlineChange, Guid.NewGuid(), "a", DuringExtension);
        var second = LedgerEntry.Append(first, LedgerEntryKind.StageMove, Guid.NewGuid(), "b", DuringComments);

        Assert.Equal(DuringExtension, second.RecordedAt);
        Assert.True(LedgerVerification.Of([first, second]).IsIntact);
    }

    [Fact]
    public void Tampered_content_of_an_entry_fails_its_own_hash()
    {
        var entries = Chain(3);
        Tamper(entries[1], nameof(LedgerEntry.ContentHash), CanonicalContent.Sha256Hex("a different version"));

        var verification = LedgerVerification.Of(entries);

        Assert.False(verification.IsIntact);
        Assert.Equal(2, verification.FirstBrokenSequence);
        Assert.Equal(1, verification.EntriesChecked);
        Assert.Contains("content", verification.Problem);
    }

    [Fact]
    public void Tampering_with_an_earlier_ledger_entry_breaks_verification()
    {
        var entries = Chain(3);
        Tamper(entries[0], nameof(LedgerEntry.RecordedAt), DuringExtension);
        Tamper(entries[0], nameof(LedgerEntry.Hash), entries[0].ComputeHash()); // even re-sealed, the next link breaks

        var verification = LedgerVerification.Of(entries);

        Assert.False(verification.IsIntact);
        Assert.Equal(2, verification.FirstBrokenSequence);
        Assert.Contains("previous hash", verification.Problem);
    }

    [Fact]
    public void Entry_chained_to_a_forged_predecessor_breaks_the_link()
    {
        var entries = Chain(2);
        var forged = LedgerEntry.Append(entries[0], LedgerEntryKind.Disposition, Guid.NewGuid(), "forged", DuringExtension);
        var appendedToForgery = LedgerEntry.Append(forged, LedgerEntryKind.Designation, Guid.NewGuid(), "c", DuringExtension);

        var verification = LedgerVerification.Of([entries[0], entries[1], appendedToForgery]);

        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Contains("previous hash", verification.Problem);
    }

    [Fact]
    public void Missing_entry_is_detected()
    {
        var entries = Chain(4);
        entries.RemoveAt(1);

        var verification = LedgerVerification.Of(entries);

        Assert.False(verification.IsIntact);
        Assert.Equal(3, verification.FirstBrokenSequence);
        Assert.Equal("Entry 2 is missing.", verification.Problem);
    }

    [Fact]
    public void Canonical_content_escapes_newlines_so_different_field_splits_hash_differently()
    {
        (string, string)[] oneField = [("text", "a\nauthor=someone")];
        (string, string)[] twoFields = [("text", "a"), ("author", "someone")];

        Assert.Equal("text=a\\nauthor=someone\n", CanonicalContent.Serialize(oneField));
        Assert.Equal("text=a\nauthor=someone\n", CanonicalContent.Serialize(twoFields));
        Assert.NotEqual(CanonicalContent.Hash(oneField), CanonicalContent.Hash(twoFields));
    }

    [Fact]
    public void Canonical_content_escapes_backslashes_and_carriage_returns_distinctly()
    {
        var newline = CanonicalContent.Serialize(("text", "a\nb"));
        var literalBackslashN = CanonicalContent.Serialize(("text", "a\\nb"));
        var carriageReturn = CanonicalContent.Serialize(("text", "a\r\nb"));

        Assert.Equal("text=a\\\\nb\n", literalBackslashN);
        Assert.Equal("text=a\\r\\nb\n", carriageReturn);
        Assert.Equal(3, new[] { newline, literalBackslashN, carriageReturn }.Distinct().Count());
    }

    [Fact]
    public void Canonical_hash_is_lower_case_hex_sha256_of_utf8()
    {
        Assert.Equal("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", CanonicalContent.Sha256Hex(""));
        Assert.Equal(CanonicalContent.Sha256Hex("name=.jp – Japan\n"), CanonicalContent.Hash(("name", ".jp – Japan")));
    }

    [Fact]
    public void Canonical_instant_is_utc_with_seven_fractional_digits()
    {
        var instant = DuringComments.AddTicks(1234567);

        Assert.Equal("2010-03-11T00:00:00.1234567Z", CanonicalContent.Instant(instant));
        Assert.Equal(CanonicalContent.Instant(instant), CanonicalContent.Instant(instant.ToOffset(TimeSpan.FromHours(9))));
    }
}
