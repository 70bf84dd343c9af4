using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Rendering;
using Consultation.Domain.Bodies;
using Consultation.Domain.Submissions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>
/// A submission's permanent link: every version as it was submitted, with its content hash, attachments and the
/// sections it cites. Public: withdrawn submissions stay, marked withdrawn.
/// </summary>
public static class ShowSubmission
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string ConsultationSlug, Guid SubmissionId) : IQuery<Result>;

    public sealed record Result(Guid Id, string ConsultationSlug, string ConsultationTitle, string AuthorName, string? BodyName,
        string? BodySlug, BodyKind? BodyKind, string? RatificationEvidence, DateOnly? RatifiedOn, Guid? RepliesToId, string? RepliesToLabel,
        bool IsLate, DateTimeOffset? WithdrawnAt, string? WithdrawalReason, bool MayEdit, IReadOnlyList<VersionView> Versions);

    public sealed record VersionView(int Number, DateTimeOffset SubmittedAt, bool IsLate, string SubmittedBy, Stance Stance, string? BlockingReason,
        SanitizedHtml Text, string ContentHash, IReadOnlyList<string> CitedSections, IReadOnlyList<AttachmentLink> Attachments);

    public sealed record AttachmentLink(Guid Id, string FileName, string ContentType, long Size);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user, MarkdownRenderer markdown)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var consultation = await db.Consultations.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == query.ConsultationSlug, cancellationToken);
            var submission = consultation is null ? null : await db.Submissions.AsNoTracking().AsSplitQuery().Include(s => s.OnBehalfOfBody)
                .Include(s => s.Versions).ThenInclude(v => v.CitedSections)
                .Include(s => s.Versions).ThenInclude(v => v.Attachments)
                .SingleOrDefaultAsync(s => s.Id == query.SubmissionId && s.ConsultationId == consultation.Id, cancellationToken);
            if (consultation is null || submission is null) throw new NotFoundException("There is no such submission.");

            var people = submission.Versions.Select(v => v.SubmittedBy).Append(submission.AuthorId).Distinct().ToList();
            var names = await db.Users.Where(u => people.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            var sections = await db.ProposalSections.AsNoTracking().Where(s => s.ProposalVersionId == consultation.ProposalVersionId)
                .ToDictionaryAsync(s => s.Id, s => $"{s.Number} {s.Heading}", cancellationToken);
            var repliesTo = submission.RepliesToId is { } replyId
                ? await db.Submissions.Where(s => s.Id == replyId)
                    .Select(s => s.OnBehalfOfBody != null ? s.OnBehalfOfBody.Acronym ?? s.OnBehalfOfBody.Name
                        : db.Users.Where(u => u.Id == s.AuthorId).Select(u => u.DisplayName).First())
                    .SingleOrDefaultAsync(cancellationToken)
                : null;
            var mayEdit = user.PersonId is { } personId && submission.MayBeEditedBy(personId, consultation, now,
                await SubmissionWriter.MandateForAsync(db, submission, personId, now, cancellationToken));

            return new Result(submission.Id, consultation.Slug, consultation.Title, names.GetValueOrDefault(submission.AuthorId) ?? "A participant",
                submission.OnBehalfOfBody?.ShortName, submission.OnBehalfOfBody?.Slug, submission.OnBehalfOfBody?.Kind, submission.RatificationEvidence, submission.RatifiedOn,
                submission.RepliesToId, repliesTo, submission.IsLate, submission.WithdrawnAt, submission.WithdrawalReason, mayEdit,
                submission.Versions.OrderByDescending(v => v.Number).Select(v => new VersionView(v.Number, v.SubmittedAt, v.IsLate,
                    names.GetValueOrDefault(v.SubmittedBy) ?? "A participant", v.Stance, v.BlockingReason, markdown.Render(v.Text), v.ContentHash,
                    v.CitedSections.Select(c => sections.GetValueOrDefault(c.ProposalSectionId) ?? "").Order().ToList(),
                    v.Attachments.Select(a => new AttachmentLink(a.Id, a.FileName, a.ContentType, a.Size)).ToList())).ToList());
        }
    }
}
