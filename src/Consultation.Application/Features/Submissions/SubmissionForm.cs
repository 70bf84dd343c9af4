using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Consultations;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>
/// What the submission form offers this person now: whether the period is open, the sections to cite, the bodies
/// they hold a mandate for (only those), the comments a reply may answer, the submission being revised and the
/// draft they left.
/// </summary>
public static class SubmissionForm
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Query(string Slug, Guid? RevisingSubmissionId = null) : IQuery<Result>;

    public sealed record Result(Guid ConsultationId, string Slug, string Title, ConsultationStatus Status, DateTimeOffset ClosesAt,
        DateTimeOffset? ReplyClosesAt, bool IsReplyPeriod, string? ClosedMessage, IReadOnlyList<SectionOption> Sections,
        IReadOnlyList<BodyOption> Bodies, IReadOnlyList<ReplyTarget> ReplyTargets, Revision? Revising, DraftView? Draft);

    public sealed record SectionOption(Guid Id, string Number, string Heading);
    /// <param name="HasPosition">The body already has an official position here: submitting makes its next version.</param>
    public sealed record BodyOption(Guid Id, string Name, BodyKind Kind, bool HasPosition);
    public sealed record ReplyTarget(Guid Id, string Label);
    public sealed record Revision(Guid SubmissionId, int Version, string? OnBehalfOf, bool IsReply, Stance Stance, string Text,
        string? BlockingReason, IReadOnlyList<Guid> CitedSectionIds, IReadOnlyList<AttachmentView> Attachments,
        string? RatificationEvidence, DateOnly? RatifiedOn);
    public sealed record AttachmentView(Guid Id, string FileName, string ContentType, long Size);
    public sealed record DraftView(Guid? OnBehalfOfBodyId, Stance? Stance, string Text, bool IsBlockingObjection, string? BlockingReason,
        IReadOnlyList<Guid> CitedSectionIds, Guid? RepliesToSubmissionId, string? RatificationEvidence, DateOnly? RatifiedOn, DateTimeOffset SavedAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Slug).Must(Slug.IsValid).WithMessage("That is not a consultation address.");
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var consultation = await db.Consultations.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == query.Slug, cancellationToken)
                               ?? throw new NotFoundException($"There is no consultation at /consultations/{query.Slug}.");
            var sections = await db.ProposalSections.AsNoTracking().Where(s => s.ProposalVersionId == consultation.ProposalVersionId)
                .OrderBy(s => s.Order).Select(s => new SectionOption(s.Id, s.Number, s.Heading)).ToListAsync(cancellationToken);

            var revising = query.RevisingSubmissionId is { } id ? await RevisionAsync(db, consultation, id, personId, now, cancellationToken) : null;
            var draft = await db.Drafts.AsNoTracking().FirstOrDefaultAsync(d => d.PersonId == personId && d.ConsultationId == consultation.Id
                                                                                  && d.RevisingSubmissionId == query.RevisingSubmissionId, cancellationToken);
            var isReply = revising?.IsReply ?? consultation.AcceptsRepliesAt(now);
            var open = isReply ? consultation.AcceptsRepliesAt(now) : consultation.AcceptsCommentsAt(now);

            return new Result(consultation.Id, consultation.Slug, consultation.Title, consultation.StatusAt(now), consultation.ClosesAt,
                consultation.ReplyClosesAt, isReply, open ? null : ClosedMessage(consultation, now), sections,
                revising is null ? await BodiesAsync(db, consultation, personId, now, cancellationToken) : [],
                isReply && revising is null ? await ReplyTargetsAsync(db, consultation.Id, cancellationToken) : [],
                revising,
                draft is null ? null : new DraftView(draft.OnBehalfOfBodyId, draft.Stance, draft.Text, draft.IsBlockingObjection,
                    draft.BlockingReason, draft.CitedSections, draft.RepliesToId, draft.RatificationEvidence, draft.RatifiedOn, draft.UpdatedAt));
        }

        private static string ClosedMessage(PublicConsultation consultation, DateTimeOffset now) => consultation.StatusAt(now) switch
        {
            ConsultationStatus.Upcoming => $"The comment period opens at {UtcText.Of(consultation.OpensAt)}.",
            ConsultationStatus.ReplyPeriod => "The comment period has closed; the reply period is open for replies to earlier comments.",
            _ => consultation.HasReplyPeriod && now >= consultation.ReplyClosesAt
                ? $"The reply period closed at {UtcText.Of(consultation.ReplyClosesAt!.Value)}."
                : $"The comment period closed at {UtcText.Of(consultation.ClosesAt)}"
                  + (consultation.ClosesAt != consultation.OriginalClosesAt ? " (after an extension)." : "."),
        };

        private static async Task<IReadOnlyList<BodyOption>> BodiesAsync(ConsultationDbContext db, PublicConsultation consultation,
            string personId, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var mandates = (await db.Mandates.AsNoTracking().Include(m => m.Body).Where(m => m.PersonId == personId && m.EndedAt == null)
                    .ToListAsync(cancellationToken))
                .Where(m => m.Covers(m.BodyId, consultation.Id, now)).DistinctBy(m => m.BodyId).ToList();
            var bodyIds = mandates.Select(m => (Guid?)m.BodyId).ToList();
            var withPosition = await db.Submissions.Where(s => s.ConsultationId == consultation.Id && bodyIds.Contains(s.OnBehalfOfBodyId)
                                                               && s.WithdrawnAt == null && s.RepliesToId == null)
                .Select(s => s.OnBehalfOfBodyId!.Value).ToListAsync(cancellationToken);
            return mandates.Select(m => new BodyOption(m.BodyId, m.Body!.ShortName, m.Body.Kind, withPosition.Contains(m.BodyId)))
                .OrderBy(b => b.Name).ToList();
        }

        private static async Task<IReadOnlyList<ReplyTarget>> ReplyTargetsAsync(ConsultationDbContext db, Guid consultationId, CancellationToken cancellationToken) =>
            (await (from s in db.Submissions.AsNoTracking()
                    where s.ConsultationId == consultationId && s.RepliesToId == null && s.WithdrawnAt == null
                    join author in db.Users on s.AuthorId equals author.Id
                    orderby s.FirstSubmittedAt
                    select new { s.Id, Body = s.OnBehalfOfBody!.Acronym ?? s.OnBehalfOfBody.Name, author.DisplayName, s.FirstSubmittedAt })
                .ToListAsync(cancellationToken))
            .Select(s => new ReplyTarget(s.Id, $"{s.Body ?? s.DisplayName}, submitted {UtcText.Of(s.FirstSubmittedAt)}"))
            .ToList();

        private static async Task<Revision> RevisionAsync(ConsultationDbContext db, PublicConsultation consultation, Guid submissionId,
            string personId, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var submission = await db.Submissions.AsNoTracking().Include(s => s.OnBehalfOfBody)
                                 .Include(s => s.Versions).ThenInclude(v => v.CitedSections)
                                 .Include(s => s.Versions).ThenInclude(v => v.Attachments)
                                 .AsSplitQuery()
                                 .SingleOrDefaultAsync(s => s.Id == submissionId && s.ConsultationId == consultation.Id, cancellationToken)
                             ?? throw new NotFoundException("There is no such submission in this consultation.");
            var mandate = await SubmissionWriter.MandateForAsync(db, submission, personId, now, cancellationToken);
            if (!submission.MaySpeakFor(personId, mandate, now))
                throw new AccessDeniedException("Only the author, or a representative of the body it speaks for, can edit a submission.");
            if (submission.IsWithdrawn) throw new DomainRuleException("no-edit-after-withdrawal", "A withdrawn submission cannot be edited.");
            var current = submission.Current;
            return new Revision(submission.Id, current.Number, submission.OnBehalfOfBody?.ShortName, submission.IsReply, current.Stance,
                current.Text, current.BlockingReason, current.CitedSections.Select(c => c.ProposalSectionId).ToList(),
                current.Attachments.Select(a => new AttachmentView(a.Id, a.FileName, a.ContentType, a.Size)).ToList(),
                current.RatificationEvidence, current.RatifiedOn);
        }
    }
}
