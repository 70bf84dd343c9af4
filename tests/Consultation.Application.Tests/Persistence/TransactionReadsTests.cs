using Consultation.Application.Features.Submissions;
using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Application.Tests.Persistence;

/// <summary>
/// TransactionReads: what the write steps of one transaction carry from one to the next (the ledger's head, the
/// consultations) follows that transaction's own saves and is forgotten when it rolls back, so an append never chains
/// to an entry that was undone and a step never sees a consultation as it was before a save changed it.
/// </summary>
public sealed class TransactionReadsTests : IAsyncLifetime
{
    private const string Hash = "0000000000000000000000000000000000000000000000000000000000000000";
    private AppHarness _app = null!;
    private ConsultationDbContext _db = null!;

    public async Task InitializeAsync()
    {
        _app = await AppHarness.StartAsync();
        _db = _app.NewDbContext();
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task An_append_after_a_rollback_to_a_savepoint_chains_to_the_head_the_database_keeps()
    {
        await using var transaction = await _db.Database.BeginTransactionAsync();
        var kept = await AppendAsync();
        Assert.Same(kept, _db.Reads!.LedgerHead); // carried: the next append does not read the head again
        await transaction.CreateSavepointAsync("undone");
        var undone = await AppendAsync();
        Assert.Same(undone, _db.Reads!.LedgerHead);
        await transaction.RollbackToSavepointAsync("undone");

        var next = await AppendAsync();
        Assert.Equal((kept.Sequence + 1, kept.Hash), (next.Sequence, next.PreviousHash));
        await transaction.CommitAsync();
        Assert.Null(_db.Reads);
    }

    [Fact]
    public async Task A_transaction_after_one_rolled_back_chains_to_the_head_before_it()
    {
        LedgerEntry head;
        await using (var first = await _db.Database.BeginTransactionAsync())
        {
            head = await AppendAsync();
            await first.CommitAsync();
        }
        await using (var undone = await _db.Database.BeginTransactionAsync())
        {
            await AppendAsync();
            await undone.RollbackAsync();
        }

        await using var next = await _db.Database.BeginTransactionAsync();
        var entry = await AppendAsync();
        Assert.Equal((head.Sequence + 1, head.Hash), (entry.Sequence, entry.PreviousHash));
    }

    [Fact]
    public async Task A_consultation_read_again_after_a_save_changed_it_is_read_from_the_database()
    {
        var id = await _db.Consultations.Where(c => c.Slug == Slugs.OpenForComment).Select(c => c.Id).SingleAsync();
        var chairId = await _db.Users.Where(u => u.Email == "chair@demo.example").Select(u => u.Id).SingleAsync();
        await using var transaction = await _db.Database.BeginTransactionAsync();

        var first = await SubmissionWriter.ConsultationAsync(_db, id);
        Assert.Same(first, await SubmissionWriter.ConsultationAsync(_db, id)); // carried within the transaction
        var changed = await _db.Consultations.SingleAsync(c => c.Id == id);
        changed.CloseEarly("Closed early by the test.", chairId, _app.Clock.GetUtcNow());
        await _db.SaveChangesAsync();

        var again = await SubmissionWriter.ConsultationAsync(_db, id);
        Assert.NotEqual(_app.Clock.GetUtcNow(), first!.ClosesAt);
        Assert.Equal(_app.Clock.GetUtcNow(), again!.ClosesAt);
    }

    [Fact]
    public async Task A_failed_save_forgets_what_the_transaction_carried()
    {
        await using var transaction = await _db.Database.BeginTransactionAsync();
        var entry = await AppendAsync();
        Assert.Same(entry, _db.Reads!.LedgerHead);

        // The same entry again: its sequence is taken, and the database refuses it. Without EF's savepoint around the
        // save (as in a group, GroupCommit), no rollback tells the context: the failed save must.
        _db.Database.AutoSavepointsEnabled = false;
        _db.Ledger.Add(entry);
        await Assert.ThrowsAsync<DbUpdateException>(() => _db.SaveChangesAsync());
        Assert.Null(_db.Reads!.LedgerHead);
    }

    /// <summary>Appends a ledger entry and saves it, as a write step does.</summary>
    private async Task<LedgerEntry> AppendAsync()
    {
        var entry = await _app.Services.GetRequiredService<LedgerWriter>()
            .AppendAsync(_db, LedgerEntryKind.SubmissionVersion, Guid.NewGuid(), Hash, _app.Clock.GetUtcNow(), CancellationToken.None);
        await _db.SaveChangesAsync();
        _db.ChangeTracker.Clear();
        return entry;
    }
}
