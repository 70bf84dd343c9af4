using Consultation.Application.Attachments;
using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>
/// The steps submitting and revising share: finding the mandate that lets a person speak for a body, checking
/// cited sections and attachments, and saving a version together with its ledger entry in one transaction.
/// </summary>
public sealed class SubmissionWriter(IDbContextFactory<ConsultationDbContext> factory, GroupCommit commits, AttachmentStore attachments,
    LedgerWriter ledger, ReceiptEmails receiptEmails)
{
    /// <summary>
    /// Runs a submission's write <paramref name="step"/> in the next group's transaction (<see cref="GroupCommit"/>; the
    /// checks it makes and the save are one step under the write lock), and once that group is committed gives the receipt
    /// (and has it emailed).
    /// </summary>
    public async Task<SubmissionReceipt> WriteAsync(Func<ConsultationDbContext, CancellationToken, Task<Written>> step,
        CancellationToken cancellationToken) =>
        await ConfirmAsync(await commits.WriteAsync(step, cancellationToken));

    /// <summary>
    /// The consultation a submission is put on (or a revision revises one of), read by the write step under the write
    /// lock: once a transaction (the steps of a group share it, <see cref="TransactionReads"/>), compiled once (every
    /// submission asks) and not tracked (a submission keeps only its id, and a save need not look it over for changes).
    /// </summary>
    public static async Task<PublicConsultation?> ConsultationAsync(ConsultationDbContext db, Guid id)
    {
        var reads = db.Reads;
        if (reads is not null && reads.Consultations.TryGetValue(id, out var known)) return known;
        var consultation = await Consultation(db, id);
        if (reads is not null && consultation is not null) reads.Consultations[id] = consultation;
        return consultation;
    }

    private static readonly Func<ConsultationDbContext, Guid, Task<PublicConsultation?>> Consultation =
        EF.CompileAsyncQuery((ConsultationDbContext db, Guid id) => db.Consultations.AsNoTracking().SingleOrDefault(c => c.Id == id));

    /// <summary>The person's draft that a submission (or a revision of <c>revising</c>) replaces; compiled once, as above.</summary>
    private static readonly Func<ConsultationDbContext, string, Guid, Guid?, IAsyncEnumerable<SubmissionDraft>> Drafts =
        EF.CompileAsyncQuery((ConsultationDbContext db, string personId, Guid consultationId, Guid? revising) =>
            db.Drafts.Where(d => d.PersonId == personId && d.ConsultationId == consultationId && d.RevisingSubmissionId == revising));

    public static async Task<Mandate?> MandateAsync(ConsultationDbContext db, string personId, Guid bodyId, Guid consultationId,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        (await db.Mandates.Where(m => m.PersonId == personId && m.BodyId == bodyId && m.EndedAt == null).ToListAsync(cancellationToken))
        .FirstOrDefault(m => m.Covers(bodyId, consultationId, now));

    /// <summary>The person's mandate that lets them speak for the body behind this submission now; null for an own-name one.</summary>
    public static async Task<Mandate?> MandateForAsync(ConsultationDbContext db, Submission submission, string personId, DateTimeOffset now,
        CancellationToken cancellationToken) =>
        submission.OnBehalfOfBodyId is { } bodyId
            ? await MandateAsync(db, personId, bodyId, submission.ConsultationId, now, cancellationToken)
            : null;

    /// <summary>
    /// The mandate with which the person acts on this submission. Someone else's submission is refused as an authorization
    /// failure (so the security log records it) before the domain is asked; the domain keeps the same rule as its own guard.
    /// </summary>
    public static async Task<Mandate?> RequireMaySpeakForAsync(ConsultationDbContext db, Submission submission, string personId,
        DateTimeOffset now, string action, CancellationToken cancellationToken)
    {
        var mandate = await MandateForAsync(db, submission, personId, now, cancellationToken);
        if (!submission.MaySpeakFor(personId, mandate, now))
            throw new AccessDeniedException($"Only the author, or a representative of the body it speaks for, can {action} a submission.");
        return mandate;
    }

    public static async Task CheckCitedSectionsAsync(ConsultationDbContext db, PublicConsultation consultation, IReadOnlyList<Guid> cited,
        CancellationToken cancellationToken)
    {
        if (cited.Count == 0) return;
        var known = await db.ProposalSections.Where(s => s.ProposalVersionId == consultation.ProposalVersionId && cited.Contains(s.Id))
            .CountAsync(cancellationToken);
        if (known != cited.Distinct().Count())
            throw Invalid(nameof(IPositionContent.CitedSectionIds), "Cite sections of this consultation's proposal only.");
    }

    /// <summary>Carries the kept attachments of the previous version over and adds the newly staged ones.</summary>
    public async Task<IReadOnlyList<StagedAttachment>> AttachAsync(SubmissionVersion version, string personId, IEnumerable<Attachment> kept,
        IReadOnlyList<Guid> tokens, CancellationToken cancellationToken)
    {
        foreach (var attachment in kept)
            version.Attach(attachment.FileName, attachment.ContentType, attachment.Size, attachment.Sha256, attachment.StorageKey);
        var staged = new List<StagedAttachment>();
        foreach (var token in tokens.Distinct())
        {
            var file = await attachments.FindStagedAsync(personId, token, cancellationToken)
                       ?? throw Invalid(nameof(IPositionContent.AttachmentTokens), "An attachment is no longer waiting to be sent; attach it again.");
            version.Attach(file.FileName, file.ContentType, file.Size, file.Sha256, attachments.Store(file));
            staged.Add(file);
        }
        return staged;
    }

    /// <summary>What a submission's write step leaves for after its group is committed.</summary>
    public abstract record Written;

    /// <summary>A retried request: the receipt of the version its first sending saved.</summary>
    public sealed record AlreadySaved(SubmissionReceipt Receipt) : Written;

    public sealed record Saved(Submission Submission, SubmissionVersion Version, PublicConsultation Consultation, LedgerEntry Entry,
        IReadOnlyList<StagedAttachment> Staged) : Written;

    /// <summary>
    /// Appends the version to the ledger, drops the person's draft and saves, inside the write step's transaction
    /// (<see cref="GroupCommit"/>); nothing is acknowledged until <see cref="ConfirmAsync"/>, after the commit.
    /// </summary>
    public async Task<Saved> SaveAsync(ConsultationDbContext db, Submission submission, SubmissionVersion version, PublicConsultation consultation,
        string personId, Guid? revising, IReadOnlyList<StagedAttachment> staged, CancellationToken cancellationToken)
    {
        var entry = await ledger.AppendAsync(db, LedgerEntryKind.SubmissionVersion, version.Id, version.ContentHash, version.SubmittedAt, cancellationToken);
        await foreach (var draft in Drafts(db, personId, consultation.Id, revising)) db.Drafts.Remove(draft);
        await db.SaveChangesAsync(cancellationToken);
        return new Saved(submission, version, consultation, entry, staged);
    }

    /// <summary>
    /// Once the step is committed: tidies the staged files and gives the receipt. Its email follows from the ledger
    /// (<see cref="ReceiptEmails"/>), off this request, so that no crash after the commit can lose it.
    /// </summary>
    private async Task<SubmissionReceipt> ConfirmAsync(Written written)
    {
        if (written is AlreadySaved retried) return retried.Receipt;
        var saved = (Saved)written;
        receiptEmails.Nudge();
        foreach (var file in saved.Staged) attachments.Discard(file);
        // Committed: the receipt no longer heeds the caller's cancellation (the submission is saved either way).
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        return await ShowReceipt.ReceiptOfSavedAsync(db, saved.Submission, saved.Version, saved.Consultation, saved.Entry, CancellationToken.None);
    }

    public static InputInvalidException Invalid(string field, string message) => new(new Dictionary<string, string[]> { [field] = [message] });
}
