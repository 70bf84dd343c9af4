using Consultation.Application.Features.Consensus;
using Consultation.Application.Features.Reviews;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Rendering;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consultations;

/// <summary>
/// One consultation as the public reads it: the proposal (its versions, its numbered sections with the comments that cite
/// each), the timeline (periods, review stages reached, the record), the submissions with the chairs' answers once published.
/// </summary>
public static class ShowConsultation
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string Slug) : IQuery<Result>;

    public sealed record Result(string Slug, string Title, SanitizedHtml Summary, ConsultationStatus Status,
        DateTimeOffset OpensAt, DateTimeOffset OriginalClosesAt, DateTimeOffset ClosesAt,
        DateTimeOffset? ReplyOpensAt, DateTimeOffset? ReplyClosesAt, string? ConvenerName,
        ProposalView Proposal, IReadOnlyList<TimelineEvent> Timeline, IReadOnlyList<SubmissionSummary> Submissions,
        RecordSummary? Record);

    /// <param name="Versions">Every published version of the proposal, oldest first; the one this consultation puts out is marked.</param>
    public sealed record ProposalView(string Title, string VersionLabel, DateTimeOffset PublishedAt, string? DocumentUrl,
        IReadOnlyList<SectionView> Sections, IReadOnlyList<ProposalVersionLink> Versions);

    public sealed record ProposalVersionLink(int Number, string Label, DateTimeOffset PublishedAt, string? DocumentUrl, bool IsPutOut);

    /// <param name="Comments">The submissions (not withdrawn) whose current version cites this section.</param>
    public sealed record SectionView(Guid Id, string Number, string Heading, SanitizedHtml Text, int CommentCount,
        IReadOnlyList<SectionComment> Comments);

    public sealed record SectionComment(Guid SubmissionId, string Label, Stance Stance);

    public sealed record SubmissionSummary(Guid Id, string AuthorName, string? BodyName, string? BodySlug, BodyKind? BodyKind,
        Stance Stance, bool IsBlockingObjection, DateTimeOffset SubmittedAt, DateTimeOffset LastRevisedAt, int VersionCount,
        bool IsWithdrawn, bool IsLate, bool IsReply, string? RatificationEvidence, DateOnly? RatifiedOn, SanitizedHtml Text,
        Disposition? Disposition = null, SanitizedHtml? Response = null, DateTimeOffset? ResponsePublishedAt = null);

    public sealed record RecordSummary(int Version, ConsensusLevel Level, DateTimeOffset PublishedAt, SanitizedHtml Decision);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Slug).Must(Slug.IsValid).WithMessage("That is not a consultation address.");
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, MarkdownRenderer markdown)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var consultation = await db.Consultations.AsNoTracking().Include(c => c.DeadlineChanges)
                                   .SingleOrDefaultAsync(c => c.Slug == query.Slug, cancellationToken)
                               ?? throw new NotFoundException($"There is no consultation at /consultations/{query.Slug}.");

            var version = await db.ProposalVersions.AsNoTracking().Include(v => v.Proposal).Include(v => v.Sections)
                .SingleAsync(v => v.Id == consultation.ProposalVersionId, cancellationToken);
            var convener = await db.Bodies.Where(b => b.Id == consultation.ConvenerBodyId)
                .Select(b => b.Acronym ?? b.Name).FirstOrDefaultAsync(cancellationToken);

            var submissions = await db.Submissions.AsNoTracking().AsSplitQuery()
                .Where(s => s.ConsultationId == consultation.Id)
                .Include(s => s.Versions).ThenInclude(v => v.CitedSections)
                .Include(s => s.OnBehalfOfBody)
                .OrderBy(s => s.FirstSubmittedAt)
                .ToListAsync(cancellationToken);
            var authorIds = submissions.Select(s => s.AuthorId).Distinct().ToList();
            var authors = await db.Users.Where(u => authorIds.Contains(u.Id))
                .ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);

            string Label(Submission s) => s.OnBehalfOfBody?.ShortName ?? authors.GetValueOrDefault(s.AuthorId) ?? "A participant";
            var commentsPerSection = submissions.Where(s => !s.IsWithdrawn)
                .SelectMany(s => s.Current.CitedSections.Select(c => (c.ProposalSectionId, Comment: new SectionComment(s.Id, Label(s), s.Current.Stance))))
                .GroupBy(c => c.ProposalSectionId)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<SectionComment>)g.Select(c => c.Comment).ToList());
            var answers = await PublicOutcome.PublishedAnswersAsync(db, submissions.Select(s => s.Id).ToList(), cancellationToken);
            var proposalVersions = await db.ProposalVersions.AsNoTracking().Where(v => v.ProposalId == version.ProposalId)
                .OrderBy(v => v.Number)
                .Select(v => new ProposalVersionLink(v.Number, v.Label, v.PublishedAt, v.DocumentUrl, v.Id == version.Id))
                .ToListAsync(cancellationToken);
            proposalVersions = proposalVersions.Select(v => v with { DocumentUrl = WebLink(v.DocumentUrl) }).ToList();
            var timeline = consultation.TimelineAt(now, version.PublishedAt)
                .Concat((await ReviewReading.StagesReachedAsync(db, consultation.Id, cancellationToken)).Select(reached =>
                    new TimelineEvent(reached.At, TimelineEventKind.ReviewStageReached, $"Review reached the stage \"{reached.Stage}\"", reached.At <= now)))
                .OrderBy(e => e.At).ThenBy(e => e.Kind).ToList();

            var record = await db.ConsensusRecords.AsNoTracking()
                .Where(r => r.ConsultationId == consultation.Id && r.PublishedAt <= now)
                .OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);

            return new Result(consultation.Slug, consultation.Title, markdown.Render(consultation.Summary),
                consultation.StatusAt(now), consultation.OpensAt, consultation.OriginalClosesAt, consultation.ClosesAt,
                consultation.ReplyOpensAt, consultation.ReplyClosesAt, convener,
                new ProposalView(version.Proposal!.Title, version.Label, version.PublishedAt, WebLink(version.DocumentUrl),
                    version.Sections.OrderBy(s => s.Order)
                        .Select(s =>
                        {
                            var comments = commentsPerSection.GetValueOrDefault(s.Id, []);
                            return new SectionView(s.Id, s.Number, s.Heading, markdown.Render(s.Text), comments.Count, comments);
                        })
                        .ToList(), proposalVersions),
                timeline,
                submissions.Select(s => Summarize(s, authors.GetValueOrDefault(s.AuthorId) ?? "A participant", answers.GetValueOrDefault(s.Id))).ToList(),
                record is null ? null : new RecordSummary(record.Version, record.Level, record.PublishedAt, markdown.Render(record.Decision)));
        }

        /// <summary>Only an absolute http(s) address becomes a link: a stored "javascript:" one would run in the reader's browser.</summary>
        private static string? WebLink(string? url) =>
            Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? url : null;

        private SubmissionSummary Summarize(Submission submission, string authorName, PublishedAnswer? answer)
        {
            var current = submission.Current;
            return new SubmissionSummary(submission.Id, authorName, submission.OnBehalfOfBody?.ShortName, submission.OnBehalfOfBody?.Slug,
                submission.OnBehalfOfBody?.Kind, current.Stance, current.IsBlockingObjection, submission.FirstSubmittedAt,
                current.SubmittedAt, submission.Versions.Count, submission.IsWithdrawn, submission.IsLate || current.IsLate, submission.IsReply,
                submission.RatificationEvidence, submission.RatifiedOn, markdown.Render(current.Text),
                answer?.Disposition, answer is null ? null : markdown.Render(answer.Response), answer?.PublishedAt);
        }
    }
}
