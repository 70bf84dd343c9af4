using Consultation.Application.Persistence;
using Consultation.Domain.Consensus;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consensus;

/// <summary>Where the consultation's review stands: its cycle's consensus stage (second-to-last) and record stage (last).</summary>
public sealed record ReviewState(ReviewStage? ConsensusStage, ReviewStage? RecordStage, ReviewProgress Progress);

/// <summary>
/// Counts the facts the consensus call and the record are decided on, straight from the review cycle's rows. A
/// submission that is not under review yet (it has no review item) counts as below every stage; a withdrawn one needs
/// no answer unless it entered review before it was withdrawn: its item then climbs like any other, as the stage-level
/// pass-up rule and <see cref="ReviewCycle.Complete"/> require, so that the call never opens on a review the record
/// could not close.
/// </summary>
internal static class ReviewProgressReader
{
    public static async Task<ReviewState> ReadAsync(ConsultationDbContext db, Guid consultationId, CancellationToken cancellationToken)
    {
        var cycleId = await db.ReviewCycles.Where(c => c.ConsultationId == consultationId).Select(c => (Guid?)c.Id)
            .SingleOrDefaultAsync(cancellationToken);
        var stages = cycleId is null ? [] : await db.ReviewStages.AsNoTracking().Where(s => s.ReviewCycleId == cycleId)
            .OrderBy(s => s.Order).ToListAsync(cancellationToken);
        var items = await db.ReviewItems.Where(i => i.ReviewCycleId == cycleId)
            .Select(i => new { i.SubmissionId, i.CurrentStageId, i.Disposition, i.Response, i.ResponsePublishedAt })
            .ToListAsync(cancellationToken);
        var submissions = await db.Submissions.Where(s => s.ConsultationId == consultationId
                                                          && (s.WithdrawnAt == null || db.ReviewItems.Any(i => i.ReviewCycleId == cycleId && i.SubmissionId == s.Id)))
            .Select(s => new { s.Id, Blocking = s.Versions.OrderByDescending(v => v.Number).Select(v => v.BlockingReason).FirstOrDefault() })
            .ToListAsync(cancellationToken);

        if (stages.Count < 2)
            return new ReviewState(null, null, new ReviewProgress(false, 0, submissions.Count, submissions.Count, submissions.Count, 0));

        var consensusStage = stages[^2];
        var recordStage = stages[^1];
        var orderOf = stages.ToDictionary(s => s.Id, s => s.Order);
        var itemOf = items.ToDictionary(i => i.SubmissionId);
        int CountBelow(ReviewStage stage) => submissions.Count(s => !itemOf.TryGetValue(s.Id, out var item) || orderOf[item.CurrentStageId] < stage.Order);

        var progress = new ReviewProgress(
            HasReviewCycle: true,
            Items: items.Count,
            BelowConsensusStage: CountBelow(consensusStage),
            BelowRecordStage: CountBelow(recordStage),
            WithoutPublishedResponse: submissions.Count(s => !itemOf.TryGetValue(s.Id, out var item)
                                                             || item.ResponsePublishedAt is null || string.IsNullOrWhiteSpace(item.Response)),
            UnansweredBlockingObjections: submissions.Count(s => s.Blocking is not null
                && (!itemOf.TryGetValue(s.Id, out var item) || item.Disposition is null || string.IsNullOrWhiteSpace(item.Response))));
        return new ReviewState(consensusStage, recordStage, progress);
    }
}
