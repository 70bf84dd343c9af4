using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Rendering;
using Consultation.Domain.Common;
using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Reviews;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consensus;

/// <summary>
/// The consensus record as the public reads it: the latest version by default, or an earlier one; what was decided,
/// at which level and why, the minority views, the challenges and their answers, the answer to every submission, the
/// stances per kind of body, the timeline, and the ledger hash it was published against.
/// </summary>
public static class ShowRecord
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string Slug, int? Version = null) : IQuery<Result>;

    public sealed record Result(string Slug, string Title, int Version, int LatestVersion, IReadOnlyList<VersionSummary> Versions,
        SanitizedHtml Decision, ConsensusLevel Level, SanitizedHtml Rationale, DateTimeOffset PublishedAt, string PublishedBy,
        string? CorrectionReason, IReadOnlyList<MinorityViewView> MinorityViews, IReadOnlyList<DesignationView> Designations,
        IReadOnlyList<ChallengeView> Challenges, IReadOnlyList<Contribution> Contributions, StanceMatrix Matrix,
        IReadOnlyList<TimelineEntry> Timeline, string LedgerHeadHash, LedgerEntryView? LedgerEntry);

    public sealed record VersionSummary(int Version, DateTimeOffset PublishedAt, string? CorrectionReason);

    public sealed record TimelineEntry(DateTimeOffset At, string Description);

    /// <summary>The ledger entry that recorded this version of the record.</summary>
    public sealed record LedgerEntryView(long Sequence, string Hash, string ContentHash, DateTimeOffset RecordedAt);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Slug).Must(Slug.IsValid).WithMessage("That is not a consultation address.");
            RuleFor(q => q.Version).GreaterThan(0).WithMessage("Record versions are numbered from 1.");
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, MarkdownRenderer markdown)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var consultation = await PublicOutcome.ConsultationAsync(db, query.Slug, cancellationToken);
            var versions = await PublicOutcome.PublishedRecords(db, consultation.Id, now).ToListAsync(cancellationToken);
            var record = (query.Version is { } wanted ? versions.SingleOrDefault(r => r.Version == wanted) : versions.LastOrDefault())
                         ?? throw new NotFoundException("This consultation has no such consensus record.");
            var call = await ConsensusWriter.LoadCallAsync(db, consultation.Id, cancellationToken)
                       ?? throw new InvalidOperationException("A record is published from its consultation's consensus call.");

            var contributions = await PublicOutcome.ContributionsAsync(db, consultation.Id, markdown, cancellationToken);
            var names = await ConsensusViews.NamesAsync(db, call, cancellationToken);
            var publishedBy = await db.Users.Where(u => u.Id == record.PublishedBy).Select(u => u.DisplayName).SingleOrDefaultAsync(cancellationToken);
            var entry = await db.Ledger.AsNoTracking().Where(e => e.SubjectId == record.Id).OrderBy(e => e.Sequence)
                .Select(e => new LedgerEntryView(e.Sequence, e.Hash, e.ContentHash, e.RecordedAt)).FirstOrDefaultAsync(cancellationToken);

            return new Result(consultation.Slug, consultation.Title, record.Version, versions[^1].Version,
                versions.Select(v => new VersionSummary(v.Version, v.PublishedAt, v.CorrectionReason)).ToList(),
                markdown.Render(record.Decision), record.Level, markdown.Render(record.Rationale), record.PublishedAt,
                publishedBy ?? "The chair", record.CorrectionReason,
                ConsensusViews.MinorityViews(record.MinorityViews.Select(v => (v.SubmissionId, v.Summary)),
                    contributions.ToDictionary(c => c.SubmissionId, c => c.Label)),
                ConsensusViews.Designations(call, names, withResponses: false),
                ConsensusViews.Challenges(call, names),
                contributions, PublicOutcome.MatrixOf(contributions),
                await TimelineAsync(db, consultation, call, versions, now, cancellationToken),
                record.LedgerHeadHash, entry);
        }

        /// <summary>The consultation's periods, then its review: the stages reached, the designations, each record version.</summary>
        private static async Task<IReadOnlyList<TimelineEntry>> TimelineAsync(ConsultationDbContext db, PublicConsultation consultation,
            ConsensusCall call, IReadOnlyList<ConsensusRecord> versions, DateTimeOffset now, CancellationToken cancellationToken)
        {
            var proposalPublished = await db.ProposalVersions.Where(v => v.Id == consultation.ProposalVersionId).Select(v => v.PublishedAt)
                .SingleAsync(cancellationToken);
            var entries = consultation.TimelineAt(now, proposalPublished).Where(e => e.IsPast && e.Kind != TimelineEventKind.RecordPublished)
                .Select(e => new TimelineEntry(e.At, e.Description)).ToList();

            entries.AddRange((await Reviews.ReviewReading.StagesReachedAsync(db, consultation.Id, cancellationToken))
                .Select(reached => new TimelineEntry(reached.At, $"Review reached the stage \"{reached.Stage}\"")));

            entries.Add(new TimelineEntry(call.OpenedAt, "Consensus call opened"));
            entries.AddRange(call.Designations.Select(d => new TimelineEntry(d.PublishedAt, $"{d.Status} designation: {d.Level.Display()}")));
            entries.AddRange(versions.Select(v => new TimelineEntry(v.PublishedAt, v.Version == 1
                ? "Consensus record published" : $"Record corrected (version {v.Version}): {v.CorrectionReason}")));
            return entries.OrderBy(e => e.At).ToList();
        }
    }
}
