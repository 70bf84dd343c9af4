using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consultations;
using Consultation.Domain.Reviews;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Reviews;

/// <summary>
/// The chair's overview: the review cycles they chair a stage of, the items per stage, what needs their action
/// (answers to write or publish in their stages), deadlines approaching and blocking objections still unanswered;
/// and the consultations that have no review cycle yet. Opening it first enters any items whose time has come, so
/// the dashboard never depends on the background service having run.
/// </summary>
public static class ChairDashboard
{
    /// <summary>A deadline this close is flagged as approaching.</summary>
    public static readonly TimeSpan Approaching = TimeSpan.FromDays(7);

    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Query : IQuery<Result>;

    public sealed record Result(IReadOnlyList<CycleSummary> Cycles, IReadOnlyList<ConsultationWithoutCycle> WithoutCycle);

    public sealed record CycleSummary(string Slug, string Title, ConsultationStatus Status, ItemEntry Entry, DateTimeOffset? ItemsEnteredAt,
        DateTimeOffset? CompletedAt, Deadline? NextDeadline, IReadOnlyList<StageSummary> Stages, int NeedDisposition, int AwaitPublication,
        IReadOnlyList<BlockingObjection> UnansweredBlockingObjections);

    public sealed record StageSummary(int Order, string Name, bool IsMine, int Items, int WithoutDisposition, int AnsweredUnpublished);

    public sealed record Deadline(string What, DateTimeOffset At, bool IsApproaching);

    public sealed record BlockingObjection(Guid SubmissionId, string Label, string Reason, int StageOrder, string StageName);

    public sealed record ConsultationWithoutCycle(string Slug, string Title, ConsultationStatus Status, DateTimeOffset ClosesAt);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ItemEntering entering, TimeProvider clock, ICurrentUser user)
        : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var chaired = await db.ReviewCycles.Where(c => c.Stages.Any(s => s.Chairs.Any(ch => ch.PersonId == personId)))
                .Select(c => c.Id).ToListAsync(cancellationToken);
            // Only the cycles shown here: the background service enters the rest.
            if (chaired.Count > 0) await entering.EnterDueAsync(cancellationToken, chaired);
            var now = clock.GetUtcNow();
            var cycles = await ReviewChange.CycleQuery(db).AsNoTracking().Where(c => chaired.Contains(c.Id)).ToListAsync(cancellationToken);
            var consultationIds = cycles.Select(c => c.ConsultationId).ToList();
            var consultations = await db.Consultations.AsNoTracking().Where(c => consultationIds.Contains(c.Id))
                .ToDictionaryAsync(c => c.Id, cancellationToken);

            var summaries = new List<CycleSummary>();
            foreach (var cycle in cycles)
            {
                var consultation = consultations[cycle.ConsultationId];
                var items = await ReviewReading.ItemsAsync(db, cycle.Id, cancellationToken);
                var stages = cycle.Stages.Select(s =>
                {
                    var inStage = items.Where(i => i.StageId == s.Id).ToList();
                    return new StageSummary(s.Order, s.Name, s.IsChairedBy(personId), inStage.Count, inStage.Count(i => i.Disposition is null),
                        inStage.Count(i => i.Disposition is not null && i.ResponsePublishedAt is null));
                }).ToList();
                summaries.Add(new CycleSummary(consultation.Slug, consultation.Title, consultation.StatusAt(now), cycle.Entry, cycle.ItemsEnteredAt,
                    cycle.CompletedAt, NextDeadline(consultation, now), stages,
                    stages.Where(s => s.IsMine).Sum(s => s.WithoutDisposition), stages.Where(s => s.IsMine).Sum(s => s.AnsweredUnpublished),
                    items.Where(i => i.IsBlockingObjectionUnanswered).Select(i =>
                    {
                        var stage = cycle.Stages.Single(s => s.Id == i.StageId);
                        return new BlockingObjection(i.SubmissionId, i.Submission.Label, i.Submission.BlockingReason!, stage.Order, stage.Name);
                    }).ToList()));
            }

            var withoutCycle = await db.Consultations.AsNoTracking().Where(c => c.DecidedAt == null && !db.ReviewCycles.Any(r => r.ConsultationId == c.Id))
                .OrderBy(c => c.ClosesAt).ToListAsync(cancellationToken);
            return new Result(
                summaries.OrderBy(s => s.CompletedAt is not null).ThenBy(s => s.NextDeadline?.At ?? DateTimeOffset.MaxValue).ToList(),
                withoutCycle.Select(c => new ConsultationWithoutCycle(c.Slug, c.Title, c.StatusAt(now), c.ClosesAt)).ToList());
        }

        private static Deadline? NextDeadline(PublicConsultation consultation, DateTimeOffset now)
        {
            (string What, DateTimeOffset? At)[] deadlines = [("Comment period closes", consultation.ClosesAt), ("Reply period closes", consultation.ReplyClosesAt)];
            return deadlines.Where(d => d.At > now).OrderBy(d => d.At)
                .Select(d => new Deadline(d.What, d.At!.Value, d.At.Value - now <= Approaching)).FirstOrDefault();
        }
    }
}
