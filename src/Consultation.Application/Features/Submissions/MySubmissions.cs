using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consultations;
using Consultation.Domain.Submissions;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>A person's submissions (their own, and the official positions of bodies they now speak for) and drafts, with their state.</summary>
public static class MySubmissions
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Query : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Item> Submissions, IReadOnlyList<Draft> Drafts);

    public sealed record Item(Guid Id, string ConsultationSlug, string ConsultationTitle, string? OnBehalfOf, Stance Stance, int Versions,
        DateTimeOffset FirstSubmittedAt, DateTimeOffset LastRevisedAt, bool IsWithdrawn, bool IsLate, bool IsReply, bool MayEdit);

    public sealed record Draft(string ConsultationSlug, string ConsultationTitle, Guid? RevisingSubmissionId, DateTimeOffset SavedAt,
        string Excerpt, bool PeriodOpen);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var mandates = (await db.Mandates.AsNoTracking().Where(m => m.PersonId == personId && m.EndedAt == null).ToListAsync(cancellationToken))
                .Where(m => m.IsActiveAt(now)).ToList();
            var bodies = mandates.Select(m => (Guid?)m.BodyId).ToList();

            var submissions = await db.Submissions.AsNoTracking().AsSplitQuery().Include(s => s.Versions).Include(s => s.OnBehalfOfBody)
                .Where(s => s.AuthorId == personId || bodies.Contains(s.OnBehalfOfBodyId))
                .ToListAsync(cancellationToken);
            var consultationIds = submissions.Select(s => s.ConsultationId)
                .Concat(await db.Drafts.Where(d => d.PersonId == personId).Select(d => d.ConsultationId).ToListAsync(cancellationToken)).Distinct().ToList();
            var consultations = await db.Consultations.AsNoTracking().Where(c => consultationIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
            var drafts = await db.Drafts.AsNoTracking().Where(d => d.PersonId == personId).OrderByDescending(d => d.UpdatedAt).ToListAsync(cancellationToken);

            return new Result(
                submissions.OrderByDescending(s => s.Current.SubmittedAt).Select(s =>
                {
                    var consultation = consultations[s.ConsultationId];
                    var mandate = mandates.FirstOrDefault(m => m.BodyId == s.OnBehalfOfBodyId && m.Covers(m.BodyId, consultation.Id, now));
                    return new Item(s.Id, consultation.Slug, consultation.Title, s.OnBehalfOfBody?.ShortName, s.Current.Stance, s.Versions.Count,
                        s.FirstSubmittedAt, s.Current.SubmittedAt, s.IsWithdrawn, s.IsLate, s.IsReply, s.MayBeEditedBy(personId, consultation, now, mandate));
                }).ToList(),
                drafts.Select(d =>
                {
                    var consultation = consultations[d.ConsultationId];
                    return new Draft(consultation.Slug, consultation.Title, d.RevisingSubmissionId, d.UpdatedAt,
                        d.Text.Length > 160 ? d.Text[..160] + "…" : d.Text,
                        consultation.AcceptsCommentsAt(now) || consultation.AcceptsRepliesAt(now));
                }).ToList());
        }
    }
}
