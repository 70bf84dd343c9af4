using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Rendering;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Consensus;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consensus;

/// <summary>
/// The summary report of a consultation in the shape of ICANN's public-comment summaries: I. overview and next steps;
/// II. contributors; III. summary of submissions per proposal section; IV. analysis (the dispositions and their
/// responses). It exists once the consensus record is published, because the analysis is the record's answers.
/// </summary>
public static class ShowReport
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string Slug) : IQuery<Result>;

    public sealed record Result(string Slug, string Title, SanitizedHtml Summary, string ProposalTitle, string ProposalVersion,
        DateTimeOffset OpensAt, DateTimeOffset OriginalClosesAt, DateTimeOffset ClosesAt, DateTimeOffset? ReplyOpensAt, DateTimeOffset? ReplyClosesAt,
        RecordSummary Record, IReadOnlyList<BodyContributor> Bodies, IReadOnlyList<string> Individuals,
        IReadOnlyList<SectionSummary> Sections, IReadOnlyList<Contribution> CitingNoSection, IReadOnlyList<Contribution> Contributions,
        StanceMatrix Matrix);

    public sealed record RecordSummary(int Version, ConsensusLevel Level, DateTimeOffset PublishedAt, SanitizedHtml Decision);

    public sealed record BodyContributor(string Name, string? Acronym, BodyKind Kind, int Submissions);

    public sealed record SectionSummary(string Number, string Heading, IReadOnlyList<Contribution> Citing);

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
            var consultation = await PublicOutcome.ConsultationAsync(db, query.Slug, cancellationToken);
            var record = await PublicOutcome.PublishedRecords(db, consultation.Id, now).LastOrDefaultAsync(cancellationToken)
                         ?? throw new NotFoundException("The summary report is published with the consensus record.");
            var proposal = await db.ProposalVersions.AsNoTracking().Include(v => v.Proposal).Include(v => v.Sections)
                .SingleAsync(v => v.Id == consultation.ProposalVersionId, cancellationToken);
            var contributions = await PublicOutcome.ContributionsAsync(db, consultation.Id, markdown, cancellationToken);
            var standing = contributions.Where(c => !c.IsWithdrawn).ToList();
            var submissionIds = standing.Select(c => c.SubmissionId).ToList();
            var bodies = await db.Submissions.Where(s => submissionIds.Contains(s.Id) && s.OnBehalfOfBody != null)
                .GroupBy(s => new { s.OnBehalfOfBody!.Name, s.OnBehalfOfBody.Acronym, s.OnBehalfOfBody.Kind })
                .Select(g => new BodyContributor(g.Key.Name, g.Key.Acronym, g.Key.Kind, g.Count())).ToListAsync(cancellationToken);

            return new Result(consultation.Slug, consultation.Title, markdown.Render(consultation.Summary), proposal.Proposal!.Title, proposal.Label,
                consultation.OpensAt, consultation.OriginalClosesAt, consultation.ClosesAt, consultation.ReplyOpensAt, consultation.ReplyClosesAt,
                new RecordSummary(record.Version, record.Level, record.PublishedAt, markdown.Render(record.Decision)),
                bodies.OrderBy(b => b.Kind).ThenBy(b => b.Acronym ?? b.Name, StringComparer.OrdinalIgnoreCase).ToList(),
                standing.Where(c => c.BodyName is null).Select(c => c.AuthorName).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList(),
                proposal.Sections.OrderBy(s => s.Order)
                    .Select(s => new SectionSummary(s.Number, s.Heading, standing.Where(c => c.CitedSectionIds.Contains(s.Id)).ToList())).ToList(),
                standing.Where(c => c.CitedSectionIds.Count == 0).ToList(), contributions, PublicOutcome.MatrixOf(contributions));
        }
    }
}
