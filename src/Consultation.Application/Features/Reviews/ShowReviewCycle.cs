using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consultations;
using Consultation.Domain.Reviews;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Reviews;

/// <summary>A consultation's review ladder as its set-up page edits it: stages with their chairs, the entry mode, what has entered.</summary>
public static class ShowReviewCycle
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Query(string Slug) : IQuery<Result>;

    /// <param name="Cycle">Null while the consultation has no review cycle.</param>
    public sealed record Result(string Slug, string Title, ConsultationStatus Status, DateTimeOffset ClosesAt, DateTimeOffset? ReplyClosesAt,
        int Submissions, CycleView? Cycle);

    public sealed record CycleView(Guid Id, ItemEntry Entry, DateTimeOffset? ItemsEnteredAt, DateTimeOffset? CompletedAt, int Items,
        IReadOnlyList<StageView> Stages);

    public sealed record StageView(Guid Id, int Order, string Name, IReadOnlyList<string> ChairEmails, int Items);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var consultation = await db.Consultations.AsNoTracking().SingleOrDefaultAsync(c => c.Slug == query.Slug, cancellationToken)
                               ?? throw new NotFoundException($"There is no consultation at /consultations/{query.Slug}.");
            var submissions = await db.Submissions.CountAsync(s => s.ConsultationId == consultation.Id && s.WithdrawnAt == null, cancellationToken);
            var cycle = await ReviewChange.CycleQuery(db).AsNoTracking().SingleOrDefaultAsync(c => c.ConsultationId == consultation.Id, cancellationToken);
            CycleView? view = null;
            if (cycle is not null)
            {
                var perStage = await db.ReviewItems.Where(i => i.ReviewCycleId == cycle.Id).GroupBy(i => i.CurrentStageId)
                    .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
                var people = await ReviewPeople.PeopleAsync(db, cycle.Stages.SelectMany(s => s.Chairs).Select(c => c.PersonId), cancellationToken);
                view = new CycleView(cycle.Id, cycle.Entry, cycle.ItemsEnteredAt, cycle.CompletedAt, perStage.Values.Sum(),
                    cycle.Stages.Select(s => new StageView(s.Id, s.Order, s.Name,
                        s.Chairs.Select(c => people.TryGetValue(c.PersonId, out var p) ? p.Email : c.PersonId).Order().ToList(),
                        perStage.GetValueOrDefault(s.Id))).ToList());
            }
            return new Result(consultation.Slug, consultation.Title, consultation.StatusAt(clock.GetUtcNow()), consultation.ClosesAt,
                consultation.ReplyClosesAt, submissions, view);
        }
    }
}
