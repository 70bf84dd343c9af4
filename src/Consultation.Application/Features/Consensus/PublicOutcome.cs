using Consultation.Application.Persistence;
using Consultation.Application.Rendering;
using Consultation.Domain.Bodies;
using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consensus;

/// <summary>One submission as the record and the report show it: who, what stance, and its answer once published.</summary>
public sealed record Contribution(Guid SubmissionId, string Label, string AuthorName, string? BodyName, BodyKind? BodyKind, Stance Stance,
    bool IsBlockingObjection, bool IsWithdrawn, bool IsReply, DateTimeOffset SubmittedAt, IReadOnlyList<Guid> CitedSectionIds,
    Disposition? Disposition, SanitizedHtml? Response, DateTimeOffset? ResponsePublishedAt);

/// <summary>A chair's answer to a submission once its response is published.</summary>
internal sealed record PublishedAnswer(Disposition Disposition, string Response, DateTimeOffset PublishedAt);

/// <summary>
/// What the public record and report of a consultation both read: its submissions with their published answers.
/// An answer not yet published shows as no answer: the public never sees an unpublished response.
/// </summary>
internal static class PublicOutcome
{
    public static async Task<PublicConsultation> ConsultationAsync(ConsultationDbContext db, string slug, CancellationToken cancellationToken) =>
        await db.Consultations.AsNoTracking().Include(c => c.DeadlineChanges).SingleOrDefaultAsync(c => c.Slug == slug, cancellationToken)
        ?? throw new Pipeline.NotFoundException($"There is no consultation at /consultations/{slug}.");

    /// <summary>The record versions the public may read: those published by now, oldest first.</summary>
    public static IQueryable<ConsensusRecord> PublishedRecords(ConsultationDbContext db, Guid consultationId, DateTimeOffset now) =>
        db.ConsensusRecords.AsNoTracking().Where(r => r.ConsultationId == consultationId && r.PublishedAt <= now).OrderBy(r => r.Version);

    public static async Task<IReadOnlyList<Contribution>> ContributionsAsync(ConsultationDbContext db, Guid consultationId,
        MarkdownRenderer markdown, CancellationToken cancellationToken)
    {
        var submissions = await db.Submissions.AsNoTracking().AsSplitQuery().Where(s => s.ConsultationId == consultationId)
            .Include(s => s.Versions).ThenInclude(v => v.CitedSections).Include(s => s.OnBehalfOfBody)
            .OrderBy(s => s.FirstSubmittedAt).ToListAsync(cancellationToken);
        var authorIds = submissions.Select(s => s.AuthorId).Distinct().ToList();
        var authors = await db.Users.Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
        var answers = await PublishedAnswersAsync(db, submissions.Select(s => s.Id).ToList(), cancellationToken);

        return submissions.Select(s =>
        {
            var author = authors.GetValueOrDefault(s.AuthorId) ?? "A participant";
            var answer = answers.GetValueOrDefault(s.Id);
            return new Contribution(s.Id, s.OnBehalfOfBody?.ShortName ?? author, author, s.OnBehalfOfBody?.ShortName, s.OnBehalfOfBody?.Kind,
                s.Current.Stance, s.Current.IsBlockingObjection, s.IsWithdrawn, s.IsReply, s.FirstSubmittedAt,
                s.Current.CitedSections.Select(c => c.ProposalSectionId).ToList(),
                answer?.Disposition, answer is null ? null : markdown.Render(answer.Response), answer?.PublishedAt);
        }).ToList();
    }

    /// <summary>
    /// The answers the public may read, by submission: only those whose response is published and says something.
    /// Every public page that shows a disposition goes through here, so none can show one a chair has not published.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, PublishedAnswer>> PublishedAnswersAsync(ConsultationDbContext db,
        IReadOnlyCollection<Guid> submissionIds, CancellationToken cancellationToken)
    {
        var answers = await db.ReviewItems.Where(i => submissionIds.Contains(i.SubmissionId) && i.ResponsePublishedAt != null)
            .Select(i => new { i.SubmissionId, i.Disposition, i.Response, i.ResponsePublishedAt })
            .ToListAsync(cancellationToken);
        return answers.Where(a => a.Disposition is not null && !string.IsNullOrWhiteSpace(a.Response))
            .ToDictionary(a => a.SubmissionId, a => new PublishedAnswer(a.Disposition!.Value, a.Response!, a.ResponsePublishedAt!.Value));
    }

    /// <summary>The stances of the submissions that stand (withdrawn ones are left out of the count).</summary>
    public static StanceMatrix MatrixOf(IEnumerable<Contribution> contributions) =>
        StanceMatrix.Of(contributions.Where(c => !c.IsWithdrawn).Select(c => (c.BodyKind, c.Stance)));
}
