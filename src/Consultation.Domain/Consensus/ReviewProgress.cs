namespace Consultation.Domain.Consensus;

/// <summary>
/// Where a consultation's review items stand, counted by the caller from the review cycle: the facts the consensus
/// call and the record are opened and published on. The consensus stage is the ladder's second-to-last stage, the
/// record stage its last.
/// </summary>
/// <param name="HasReviewCycle">Whether the consultation's submissions are under review at all.</param>
/// <param name="Items">Review items of the consultation.</param>
/// <param name="BelowConsensusStage">Items that have not yet reached the consensus stage.</param>
/// <param name="BelowRecordStage">Items that have not yet reached the record stage.</param>
/// <param name="WithoutPublishedResponse">Items whose disposition's response is not published.</param>
/// <param name="UnansweredBlockingObjections">Blocking objections (in a submission's current version) without a disposition and response.</param>
public sealed record ReviewProgress(bool HasReviewCycle, int Items, int BelowConsensusStage, int BelowRecordStage,
    int WithoutPublishedResponse, int UnansweredBlockingObjections)
{
    public bool ReadyForConsensusCall => HasReviewCycle && BelowConsensusStage == 0 && UnansweredBlockingObjections == 0;
    public bool ReadyForRecord => HasReviewCycle && BelowRecordStage == 0 && WithoutPublishedResponse == 0;
}
