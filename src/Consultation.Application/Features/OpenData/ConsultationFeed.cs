using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Common;
using Consultation.Domain.Consultations;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.OpenData;

/// <summary>
/// What the Atom feeds say: every consultation (no slug), or one consultation with its activity so far (submissions
/// received, the past steps of its timeline: deadline changes, closing, the record). All text is plain text.
/// </summary>
public static class ConsultationFeed
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string? Slug) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Channel> Consultations);

    /// <param name="Summary">The consultation's summary as written (Markdown source, which reads as plain text).</param>
    /// <param name="Activities">Newest first; empty for the list of all consultations.</param>
    public sealed record Channel(string Slug, string Title, string? Summary, DateTimeOffset UpdatedAt, IReadOnlyList<Activity> Activities);

    /// <param name="Key">Stable across requests, so that feed readers do not show an entry twice.</param>
    /// <param name="SubmissionId">Set when the activity is a submission, whose permanent link the entry points to.</param>
    public sealed record Activity(string Key, DateTimeOffset At, string Title, string Summary, Guid? SubmissionId);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.Slug).Must(slug => slug is null || Slug.IsValid(slug)).WithMessage("That is not a consultation address.");
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var consultations = await (from c in db.Consultations.AsNoTracking().Include(c => c.DeadlineChanges)
                    where query.Slug == null || c.Slug == query.Slug
                    orderby c.OpensAt descending
                    select new
                    {
                        Consultation = c,
                        ProposalPublishedAt = db.ProposalVersions.Where(v => v.Id == c.ProposalVersionId).Select(v => v.PublishedAt).First(),
                        LastSubmittedAt = db.Submissions.Where(s => s.ConsultationId == c.Id)
                            .OrderByDescending(s => s.FirstSubmittedAt).Select(s => (DateTimeOffset?)s.FirstSubmittedAt).FirstOrDefault(),
                    })
                .ToListAsync(cancellationToken);
            if (query.Slug is not null && consultations.Count == 0)
                throw new NotFoundException($"There is no consultation at /consultations/{query.Slug}.");

            var channels = new List<Channel>();
            foreach (var row in consultations)
            {
                var steps = row.Consultation.TimelineAt(now, row.ProposalPublishedAt).Where(e => e.IsPast)
                    .Select(e => new Activity($"{e.Kind}-{e.At.UtcTicks}", e.At, e.Description, e.Description, null)).ToList();
                var updated = steps.Select(s => s.At).Append(row.LastSubmittedAt ?? DateTimeOffset.MinValue)
                    .Append(row.ProposalPublishedAt).Max();
                var activities = query.Slug is null ? [] : steps.Concat(await SubmissionsAsync(db, row.Consultation.Id, cancellationToken))
                    .OrderByDescending(a => a.At).ToList();
                channels.Add(new Channel(row.Consultation.Slug, row.Consultation.Title, row.Consultation.Summary, updated, activities));
            }
            return new Result(channels);
        }

        private static async Task<IEnumerable<Activity>> SubmissionsAsync(ConsultationDbContext db, Guid consultationId,
            CancellationToken cancellationToken)
        {
            var submissions = await db.Submissions.AsNoTracking().Where(s => s.ConsultationId == consultationId)
                .Select(s => new
                {
                    s.Id, s.FirstSubmittedAt, s.RepliesToId,
                    Body = s.OnBehalfOfBody == null ? null : s.OnBehalfOfBody.Acronym ?? s.OnBehalfOfBody.Name,
                    Author = db.Users.Where(u => u.Id == s.AuthorId).Select(u => u.DisplayName).FirstOrDefault(),
                    Stance = db.SubmissionVersions.Where(v => v.SubmissionId == s.Id).OrderByDescending(v => v.Number)
                        .Select(v => v.Stance).First(),
                })
                .ToListAsync(cancellationToken);
            return submissions.Select(s =>
            {
                var who = s.Body ?? (string.IsNullOrWhiteSpace(s.Author) ? Person.FormerParticipant : s.Author);
                var what = s.RepliesToId is null ? "Position" : "Reply";
                return new Activity($"submission-{s.Id}", s.FirstSubmittedAt, $"{what} from {who}: {s.Stance.Display()}",
                    $"{what} from {who}, received {UtcText.Of(s.FirstSubmittedAt)}. Stance: {s.Stance.Display()}.", s.Id);
            });
        }
    }
}
