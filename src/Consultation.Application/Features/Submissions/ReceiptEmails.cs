using Consultation.Application.Email;
using Consultation.Application.Persistence;
using Consultation.Domain.Common;
using Consultation.Domain.Ledger;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultation.Application.Features.Submissions;

/// <summary>
/// How far the receipt emails have got: every submission version whose ledger entry is at or before
/// <see cref="EmailedThrough"/> has had its receipt emailed (or needed none). One row; the migration that makes the table
/// inserts it at the ledger's head, so that versions saved before receipts were sent this way are not emailed again.
/// </summary>
public sealed class ReceiptEmailProgress
{
    public int Id { get; private set; }
    public long EmailedThrough { get; private set; }
}

/// <summary>
/// Emails the receipt of every submission version after its commit, from the ledger: a pass takes the versions' ledger
/// entries after <see cref="ReceiptEmailProgress.EmailedThrough"/> in order, emails each to the person who sent it (if
/// their address is confirmed: a closed account's is not), and moves the mark on after each batch. Nothing is written in
/// the submission's own transaction (its step holds the write lock that bounds the ingest rate, docs/BENCHMARKS.md), and
/// a crash loses no receipt: the next pass, at start, sends what the last one had not. A crash in the middle of a batch
/// sends that batch's receipts again (at most <see cref="BatchSize"/>); a stop marks what it sent first.
/// <see cref="ReceiptEmailService"/> runs a pass soon after a submission is committed (<see cref="Nudge"/>).
/// </summary>
/// <remarks>
/// A send that fails stops the pass, and a later one tries that receipt again, however long the mail server is away
/// (after <see cref="StoppedPassesBeforeError"/> such passes in a row, each is logged as an error). A message the
/// server refuses (<see cref="MailRefusedException"/>) is skipped, with an error in the log, once a later message gets
/// through: so one bad address cannot hold back every receipt after it, while a server refusing everything (a wrong
/// sender, no relay) skips nothing. One process sends per database (<c>Consultation:SendReceiptEmails</c> turns the
/// sender off in the others): two would each send, and some receipts twice. Whoever writes submission versions to the ledger without this portal's handlers (the
/// demo data, the benchmarks' generator) marks them emailed (<see cref="MarkAllEmailedAsync"/>).
/// </remarks>
public sealed class ReceiptEmails(IDbContextFactory<ConsultationDbContext> factory, IMailer mailer, IOptions<ConsultationOptions> options,
    ILogger<ReceiptEmails> logger)
{
    public const int BatchSize = 100;

    /// <summary>Refusals in a row after which a pass stops: the server is likely refusing the portal, not each address.</summary>
    public const int RefusalsBeforeStopping = 5;

    /// <summary>Passes stopped by failures in a row after which each such pass is logged as an error, not a warning.</summary>
    public const int StoppedPassesBeforeError = 10;

    private readonly SemaphoreSlim _due = new(0, 1);
    private readonly SemaphoreSlim _onePass = new(1, 1);
    private int _nudged;
    private int _stoppedPasses;

    /// <summary>Says a submission was committed: the waiting pass starts (cheap; many nudges make one pass).</summary>
    public void Nudge()
    {
        if (Interlocked.Exchange(ref _nudged, 1) == 0) _due.Release();
    }

    /// <summary>Waits for a <see cref="Nudge"/>, at most <paramref name="longest"/>.</summary>
    public async Task WaitForWorkAsync(TimeSpan longest, CancellationToken cancellationToken)
    {
        // Only a wait that took the nudge's release may clear it: cleared after a timeout, a nudge landing just then
        // would leave the semaphore released with no nudge on record, and the next nudge would release it twice.
        if (await _due.WaitAsync(longest, cancellationToken)) Interlocked.Exchange(ref _nudged, 0);
    }

    /// <summary>One pass: emails every receipt not emailed yet, oldest first, batch by batch.</summary>
    /// <returns>How many were emailed, and whether a failed send stopped the pass.</returns>
    public async Task<(int Sent, bool Stopped)> SendPendingAsync(CancellationToken cancellationToken)
    {
        await _onePass.WaitAsync(cancellationToken);
        try
        {
            long through;
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
                through = await db.ReceiptEmailProgress.Select(p => p.EmailedThrough).SingleAsync(cancellationToken);
            var sent = 0;
            while (true)
            {
                // Each batch starts where the last one left the mark: read once per pass, then carried.
                var (batch, sentNow, stopped) = await SendBatchAsync(through, cancellationToken);
                (through, sent) = (batch.EmailedThrough, sent + sentNow);
                if (!stopped && batch.Count == BatchSize) continue;
                _stoppedPasses = stopped ? _stoppedPasses + 1 : 0;
                if (_stoppedPasses >= StoppedPassesBeforeError)
                    logger.LogError("Receipt emails have been held back by failed sends for {Passes} passes in a row; they are kept and tried again",
                        _stoppedPasses);
                return (sent, stopped);
            }
        }
        finally
        {
            _onePass.Release();
        }
    }

    private async Task<((int Count, long EmailedThrough) Batch, int Sent, bool Stopped)> SendBatchAsync(long through, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var batch = await (from e in db.Ledger
                           where e.Sequence > through && e.Kind == LedgerEntryKind.SubmissionVersion
                           join v in db.SubmissionVersions on e.SubjectId equals v.Id
                           join s in db.Submissions on v.SubmissionId equals s.Id
                           join c in db.Consultations on s.ConsultationId equals c.Id
                           join u in db.Users on v.SubmittedBy equals u.Id
                           orderby e.Sequence
                           select new
                           {
                               e.Sequence,
                               Receipt = new SubmissionReceipt(s.Id, c.Slug, c.Title, v.Number, v.SubmittedAt, v.ContentHash, e.Sequence,
                                   s.OnBehalfOfBody == null ? null : s.OnBehalfOfBody.Acronym ?? s.OnBehalfOfBody.Name, v.IsLate),
                               Email = u.EmailConfirmed ? u.Email : null,
                               u.DisplayName,
                           })
            .Take(BatchSize).ToListAsync(cancellationToken);

        var (emailedThrough, sent, stopped) = (through, 0, false);
        var refused = new List<(long Sequence, MailRefusedException Failure)>();
        try
        {
            foreach (var pending in batch)
            {
                if (!string.IsNullOrEmpty(pending.Email))
                {
                    try
                    {
                        await mailer.SendAsync(MailOf(pending.Receipt, pending.Email, pending.DisplayName), cancellationToken);
                        sent++;
                        // A later message got through, so the server works: those it refused were refused for themselves.
                        foreach (var (sequence, failure) in refused)
                            logger.LogError(failure, "The receipt of ledger entry #{Sequence} was refused by the mail server and is skipped", sequence);
                        refused.Clear();
                    }
                    catch (MailRefusedException failure)
                    {
                        logger.LogWarning(failure, "The receipt of ledger entry #{Sequence} was refused by the mail server; it is skipped once a later one gets through",
                            pending.Sequence);
                        refused.Add((pending.Sequence, failure));
                        if (refused.Count < RefusalsBeforeStopping) continue;
                        // Refused one after another: more likely the server refusing this portal (its sender, its relay)
                        // than each address. Nothing is skipped until a message gets through.
                        stopped = true;
                        break;
                    }
                    catch (Exception failure) when (failure is not OperationCanceledException)
                    {
                        logger.LogWarning(failure, "The receipt of ledger entry #{Sequence} could not be emailed; a later pass tries again", pending.Sequence);
                        stopped = true;
                        break;
                    }
                }
                if (refused.Count == 0) emailedThrough = pending.Sequence;
            }
            // Refusals with nothing sent after them are not yet known to be for good: the pass stops and a later one tries.
            stopped |= refused.Count > 0;
        }
        finally
        {
            // Also when the host stops in the middle: what was sent is not sent again at the next start.
            if (emailedThrough > through) await MarkEmailedThroughAsync(db, emailedThrough, CancellationToken.None);
        }
        return ((batch.Count, emailedThrough), sent, stopped);
    }

    /// <summary>
    /// Marks every submission version in the ledger as emailed, inside the caller's transaction: for whoever writes
    /// versions without the portal's handlers (demo data, a generated archive), whose authors were never told.
    /// </summary>
    public static async Task MarkAllEmailedAsync(ConsultationDbContext db, CancellationToken cancellationToken) =>
        await db.ReceiptEmailProgress.ExecuteUpdateAsync(p => p.SetProperty(x => x.EmailedThrough,
            x => db.Ledger.Max(e => (long?)e.Sequence) ?? 0), cancellationToken);

    // In a transaction of its own, so that it takes its turn for the write lock (SqliteWriteGate) like any writer.
    private static async Task MarkEmailedThroughAsync(ConsultationDbContext db, long sequence, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.ReceiptEmailProgress.Where(p => p.EmailedThrough < sequence)
            .ExecuteUpdateAsync(p => p.SetProperty(x => x.EmailedThrough, sequence), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private OutgoingMail MailOf(SubmissionReceipt receipt, string email, string displayName)
    {
        var speakingFor = receipt.OnBehalfOf is null ? "" : $" (the official position of {receipt.OnBehalfOf})";
        var text = $"""
            Dear {displayName},

            Your submission to "{receipt.ConsultationTitle}"{speakingFor} was received.

            Version:        {receipt.Version}
            Received:       {UtcText.Of(receipt.SubmittedAt)}
            Content hash:   {receipt.ContentHash} (SHA-256, ledger entry #{receipt.LedgerSequence})
            Permanent link: {options.Value.PublicUrl.TrimEnd('/')}{receipt.Permalink}

            Keep the content hash: with it anyone can check later that this exact version is in the ledger, unaltered.
            """;
        return new OutgoingMail(email, $"Received: your submission to {receipt.ConsultationTitle}", text);
    }
}
