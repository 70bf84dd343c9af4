using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Consultation.Domain.Submissions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>The receipt of one saved version, for the person who sent it (or the submission's author).</summary>
public static class ShowReceipt
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Query(Guid SubmissionId, int? Version = null) : IQuery<SubmissionReceipt>;

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ICurrentUser user) : IQueryHandler<Query, SubmissionReceipt>
    {
        public async ValueTask<SubmissionReceipt> Handle(Query query, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var submission = await db.Submissions.AsNoTracking().Include(s => s.Versions)
                                 .SingleOrDefaultAsync(s => s.Id == query.SubmissionId, cancellationToken)
                             ?? throw new NotFoundException("There is no such submission.");
            var version = query.Version is { } number ? submission.Versions.SingleOrDefault(v => v.Number == number) : submission.Current;
            if (version is null) throw new NotFoundException($"This submission has no version {query.Version}.");
            if (version.SubmittedBy != personId && submission.AuthorId != personId)
                throw new AccessDeniedException("A receipt is shown to the person who sent the submission.");
            return await ReceiptOfAsync(db, submission, version, cancellationToken);
        }
    }

    /// <summary>The receipt of the version a request with this idempotency key already saved, if any.</summary>
    public static async Task<SubmissionReceipt?> OfRequestAsync(ConsultationDbContext db, string personId, Guid requestKey, CancellationToken cancellationToken)
    {
        var saved = await SavedByRequest(db, personId, requestKey);
        if (saved is null) return null;
        var submission = await db.Submissions.AsNoTracking().Include(s => s.Versions).SingleAsync(s => s.Id == saved.SubmissionId, cancellationToken);
        return await ReceiptOfAsync(db, submission, submission.Versions.Single(v => v.Number == saved.Number), cancellationToken);
    }

    // Compiled once: every submission asks it while it holds the write lock (docs/BENCHMARKS.md, ingest).
    private static readonly Func<ConsultationDbContext, string, Guid, Task<SavedVersion?>> SavedByRequest =
        EF.CompileAsyncQuery((ConsultationDbContext db, string personId, Guid requestKey) => db.SubmissionVersions.AsNoTracking()
            .Where(v => v.SubmittedBy == personId && v.RequestKey == requestKey)
            .Select(v => new SavedVersion(v.SubmissionId, v.Number)).SingleOrDefault());

    private sealed record SavedVersion(Guid SubmissionId, int Number);

    public static async Task<SubmissionReceipt> ReceiptOfAsync(ConsultationDbContext db, Submission submission, SubmissionVersion version,
        CancellationToken cancellationToken)
    {
        var consultation = await db.Consultations.AsNoTracking().Where(c => c.Id == submission.ConsultationId)
            .Select(c => new { c.Slug, c.Title }).SingleAsync(cancellationToken);
        var sequence = await db.Ledger.Where(e => e.SubjectId == version.Id && e.Kind == LedgerEntryKind.SubmissionVersion)
            .Select(e => e.Sequence).SingleAsync(cancellationToken);
        return Receipt(submission, version, consultation.Slug, consultation.Title, sequence, await SpeakingForAsync(db, submission, cancellationToken));
    }

    /// <summary>The receipt from what the saving handler holds already: its consultation and the ledger entry it appended.</summary>
    public static async Task<SubmissionReceipt> ReceiptOfSavedAsync(ConsultationDbContext db, Submission submission, SubmissionVersion version,
        PublicConsultation consultation, LedgerEntry entry, CancellationToken cancellationToken) =>
        Receipt(submission, version, consultation.Slug, consultation.Title, entry.Sequence, await SpeakingForAsync(db, submission, cancellationToken));

    private static SubmissionReceipt Receipt(Submission submission, SubmissionVersion version, string slug, string title, long sequence, string? body) =>
        new(submission.Id, slug, title, version.Number, version.SubmittedAt, version.ContentHash, sequence, body, version.IsLate);

    /// <summary>The short name of the body an official position speaks for; none (and no query) for a submission in one's own name.</summary>
    private static async Task<string?> SpeakingForAsync(ConsultationDbContext db, Submission submission, CancellationToken cancellationToken) =>
        submission.OnBehalfOfBodyId is { } bodyId
            ? await db.Bodies.Where(b => b.Id == bodyId).Select(b => b.Acronym ?? b.Name).SingleOrDefaultAsync(cancellationToken)
            : null;
}
