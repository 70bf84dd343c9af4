using Consultation.Application.Features.Consensus;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Rendering;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Consultations;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Organizations;

/// <summary>
/// One stakeholder body as the public reads it: what it is, where it sits, and every position it has put on record
/// across consultations, with the chairs' answer once published. Never its people or their addresses.
/// </summary>
public static class ShowOrganization
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string Slug) : IQuery<Result>;

    public sealed record Result(string Slug, string Name, string? Acronym, BodyKind Kind, SanitizedHtml Description,
        BodyLink? Parent, IReadOnlyList<BodyLink> Children, IReadOnlyList<Position> Positions)
    {
        public string ShortName => Acronym ?? Name;
    }

    public sealed record BodyLink(string Slug, string ShortName, BodyKind Kind);

    /// <param name="CurrentVersion">The number of the version that stands now (1 when never revised).</param>
    /// <param name="Disposition">The chairs' disposition, only once its response is published.</param>
    public sealed record Position(Guid SubmissionId, string ConsultationSlug, string ConsultationTitle, ConsultationStatus ConsultationStatus,
        Stance Stance, bool IsBlockingObjection, DateTimeOffset SubmittedAt, int CurrentVersion, DateTimeOffset? WithdrawnAt,
        Disposition? Disposition, SanitizedHtml? Response)
    {
        public bool IsWithdrawn => WithdrawnAt is not null;
        public string Permalink => $"/consultations/{ConsultationSlug}/submissions/{SubmissionId}";
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Slug).Must(Slug.IsValid).WithMessage("That is not an organization address.");
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, MarkdownRenderer markdown)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var body = await db.Bodies.AsNoTracking().Include(b => b.Parent).SingleOrDefaultAsync(b => b.Slug == query.Slug, cancellationToken)
                       ?? throw new NotFoundException($"There is no organization at /organizations/{query.Slug}.");
            var children = await db.Bodies.AsNoTracking().Where(b => b.ParentId == body.Id)
                .Select(b => new BodyLink(b.Slug, b.Acronym ?? b.Name, b.Kind)).ToListAsync(cancellationToken);

            var submissions = await db.Submissions.AsNoTracking().Include(s => s.Versions)
                .Where(s => s.OnBehalfOfBodyId == body.Id).ToListAsync(cancellationToken);
            var consultationIds = submissions.Select(s => s.ConsultationId).Distinct().ToList();
            // The deadline changes are part of a consultation's status (an extension keeps it open).
            var consultations = await db.Consultations.AsNoTracking().Include(c => c.DeadlineChanges)
                .Where(c => consultationIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
            var answers = await PublicOutcome.PublishedAnswersAsync(db, submissions.Select(s => s.Id).ToList(), cancellationToken);

            var positions = submissions.OrderByDescending(s => s.FirstSubmittedAt).Select(s =>
            {
                var consultation = consultations[s.ConsultationId];
                var answer = answers.GetValueOrDefault(s.Id);
                return new Position(s.Id, consultation.Slug, consultation.Title, consultation.StatusAt(now), s.Current.Stance,
                    s.Current.IsBlockingObjection, s.FirstSubmittedAt, s.Current.Number, s.WithdrawnAt,
                    answer?.Disposition, answer is null ? null : markdown.Render(answer.Response));
            }).ToList();

            // Plain text through the Markdown renderer (raw HTML off) comes out encoded, so one path serves both kinds of description.
            return new Result(body.Slug, body.Name, body.Acronym, body.Kind, markdown.Render(body.Description),
                body.Parent is { } parent ? new BodyLink(parent.Slug, parent.ShortName, parent.Kind) : null,
                children.OrderBy(c => c.ShortName, StringComparer.OrdinalIgnoreCase).ToList(), positions);
        }
    }
}
