using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Rendering;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consultations;

/// <summary>One consultation as the public reads it: the proposal's numbered sections, the timeline, the submissions.</summary>
public static class ShowConsultation
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string Slug) : IQuery<Result>;

    public sealed record Result(string Slug, string Title, SanitizedHtml Summary, ConsultationStatus Status,
        DateTimeOffset OpensAt, DateTimeOffset OriginalClosesAt, DateTimeOffset ClosesAt,
        DateTimeOffset? ReplyOpensAt, DateTimeOffset? ReplyClosesAt, string? ConvenerName,
        ProposalView Proposal, IReadOnlyList<TimelineEvent> Timeline, IReadOnlyList<SubmissionSummary> Submissions,
        RecordSummary? Record);

    public sealed record ProposalView(string Title, string VersionLabel, DateTimeOffset PublishedAt, string? DocumentUrl,
        IReadOnlyList<SectionView> Sections);

    public sealed record SectionView(Guid Id, string Number, string Heading, SanitizedHtml Text, int CommentCount);

    public sealed record SubmissionSummary(Guid Id, string AuthorName, string? BodyName, string? BodySlug, BodyKind? BodyKind,
        Stance Stance, bool IsBlockingObjection, DateTimeOffset SubmittedAt, DateTimeOffset LastRevisedAt, int VersionCount,
        bool IsWithdrawn, bool IsLate, bool IsReply, string? RatificationEvidence, DateOnly? RatifiedOn, SanitizedHtml Text);

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

            var commentsPerSection = submissions.Where(s => !s.IsWithdrawn)
                .SelectMany(s => s.Current.CitedSections).GroupBy(c => c.ProposalSectionId)
                .ToDictionary(g => g.Key, g => g.Count());

            var record = await db.ConsensusRecords.AsNoTracking()
                .Where(r => r.ConsultationId == consultation.Id && r.PublishedAt <= now)
                .OrderByDescending(r => r.Version).FirstOrDefaultAsync(cancellationToken);

            return new Result(consultation.Slug, consultation.Title, markdown.Render(consultation.Summary),
                consultation.StatusAt(now), consultation.OpensAt, consultation.OriginalClosesAt, consultation.ClosesAt,
                consultation.ReplyOpensAt, consultation.ReplyClosesAt, convener,
                new ProposalView(version.Proposal!.Title, version.Label, version.PublishedAt, version.DocumentUrl,
                    version.Sections.OrderBy(s => s.Order)
                        .Select(s => new SectionView(s.Id, s.Number, s.Heading, markdown.Render(s.Text), commentsPerSection.GetValueOrDefault(s.Id)))
                        .ToList()),
                consultation.TimelineAt(now, version.PublishedAt),
                submissions.Select(s => Summarize(s, authors.GetValueOrDefault(s.AuthorId) ?? "A participant")).ToList(),
                record is null ? null : new RecordSummary(record.Version, record.Level, record.PublishedAt, markdown.Render(record.Decision)));
        }

        private SubmissionSummary Summarize(Submission submission, string authorName)
        {
            var current = submission.Current;
            return new SubmissionSummary(submission.Id, authorName, submission.OnBehalfOfBody?.ShortName, submission.OnBehalfOfBody?.Slug,
                submission.OnBehalfOfBody?.Kind, current.Stance, current.IsBlockingObjection, submission.FirstSubmittedAt,
                current.SubmittedAt, submission.Versions.Count, submission.IsWithdrawn, submission.IsLate || current.IsLate, submission.IsReply,
                submission.RatificationEvidence, submission.RatifiedOn, markdown.Render(current.Text));
        }
    }
}
