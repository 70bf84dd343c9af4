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
        var submissionIds = submissions.Select(s => s.Id).ToList();
        var answers = await db.ReviewItems.Where(i => submissionIds.Contains(i.SubmissionId) && i.ResponsePublishedAt != null)
            .Select(i => new { i.SubmissionId, i.Disposition, i.Response, i.ResponsePublishedAt })
            .ToDictionaryAsync(i => i.SubmissionId, cancellationToken);

        return submissions.Select(s =>
        {
            var author = authors.GetValueOrDefault(s.AuthorId) ?? "A participant";
            var answer = answers.GetValueOrDefault(s.Id);
            var published = answer is { Disposition: not null } && !string.IsNullOrWhiteSpace(answer.Response);
            return new Contribution(s.Id, s.OnBehalfOfBody?.ShortName ?? author, author, s.OnBehalfOfBody?.ShortName, s.OnBehalfOfBody?.Kind,
                s.Current.Stance, s.Current.IsBlockingObjection, s.IsWithdrawn, s.IsReply, s.FirstSubmittedAt,
                s.Current.CitedSections.Select(c => c.ProposalSectionId).ToList(),
                published ? answer!.Disposition : null, published ? markdown.Render(answer!.Response) : null,
                published ? answer!.ResponsePublishedAt : null);
        }).ToList();
    }

    /// <summary>The stances of the submissions that stand (withdrawn ones are left out of the count).</summary>
    public static StanceMatrix MatrixOf(IEnumerable<Contribution> contributions) =>
        StanceMatrix.Of(contributions.Where(c => !c.IsWithdrawn).Select(c => (c.BodyKind, c.Stance)));
}
