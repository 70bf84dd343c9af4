using Consultation.Domain.Common;

namespace Consultation.Domain.Consensus;

public enum DesignationStatus
{
    Estimated,
    Updated,
    Final,
}

public enum ChallengeStatus
{
    Open,
    Upheld,
    Dismissed,
}

/// <summary>
/// The chair's designation process (GNSO WG Guidelines 3.6): an estimated designation, discussion, updated
/// designations, until the group accepts one as final. Members may challenge; minority views are recorded.
/// </summary>
public sealed class ConsensusCall : IConcurrencyAware
{
    /// <summary>The most characters of a designation's rationale, a challenge's reason and its answer.</summary>
    public const int MaxTextLength = 20_000;

    private readonly List<Designation> _designations = [];
    private readonly List<MinorityView> _minorityViews = [];
    private readonly List<Challenge> _challenges = [];
    private readonly List<DesignationResponse> _responses = [];

    private ConsensusCall() { }

    /// <summary>
    /// Rule: a consultation has one consensus call; it opens once its submissions are under review, every item has
    /// reached the consensus stage, and every blocking objection has a response ("all issues raised and understood").
    /// </summary>
    public static ConsensusCall Open(Guid consultationId, string chairId, ReviewProgress progress, ConsensusCall? existing, DateTimeOffset now)
    {
        Guard.Require(existing is null, "consensus-call-once", "The consensus call of this consultation is already open.");
        Guard.Require(progress.HasReviewCycle, "consensus-call-needs-review", "Set up the review cycle and review the submissions first.");
        Guard.Require(progress.UnansweredBlockingObjections == 0, "blocking-objections-answered-first",
            $"{progress.UnansweredBlockingObjections} blocking objection(s) still need a response before the consensus call opens.");
        Guard.Require(progress.BelowConsensusStage == 0, "items-reach-consensus-stage-first",
            $"{progress.BelowConsensusStage} review item(s) have not yet reached the consensus stage.");
        return new ConsensusCall { Id = Guid.NewGuid(), ConsultationId = consultationId, OpenedBy = chairId, OpenedAt = now };
    }

    public Guid Id { get; private set; }
    public Guid ConsultationId { get; private set; }
    public string OpenedBy { get; private set; } = "";
    public DateTimeOffset OpenedAt { get; private set; }
    public IReadOnlyList<Designation> Designations => _designations;
    public IReadOnlyList<MinorityView> MinorityViews => _minorityViews;
    public IReadOnlyList<Challenge> Challenges => _challenges;
    public IReadOnlyList<DesignationResponse> Responses => _responses;
    public Guid ConcurrencyToken { get; set; }

    public Designation? Current => _designations.MaxBy(d => d.Sequence);
    public bool IsFinal => Current?.Status == DesignationStatus.Final;
    public bool HasOpenChallenges => _challenges.Any(c => c.Status == ChallengeStatus.Open);

    /// <summary>Rule: the first designation is an estimate; later ones are updates; none after the final one.</summary>
    public Designation Designate(ConsensusLevel level, string rationale, string chairId, DateTimeOffset now)
    {
        Guard.Require(!IsFinal, "no-designation-after-final", "The designation is already final.");
        Guard.Require(Enum.IsDefined(level), "designation-level-known", "Choose a level of consensus.");
        var designation = new Designation(Id, _designations.Count + 1,
            _designations.Count == 0 ? DesignationStatus.Estimated : DesignationStatus.Updated, level,
            Guard.Text(rationale, "designation-rationale", "The rationale", MaxTextLength), chairId, now);
        _designations.Add(designation);
        return designation;
    }

    /// <summary>Rule: the group's acceptance makes the current designation final, once no challenge is open.</summary>
    public Designation Finalize(string chairId, DateTimeOffset now)
    {
        var current = Current;
        Guard.Require(current is not null, "finalize-needs-designation", "Publish a designation first.");
        Guard.Require(!IsFinal, "finalize-once", "The designation is already final.");
        Guard.Require(!HasOpenChallenges, "challenges-answered-before-final",
            "Answer every open challenge before the designation becomes final.");
        Guard.Require(_challenges.All(c => c.DesignationId != current!.Id || c.Status != ChallengeStatus.Upheld), "upheld-challenge-needs-update",
            "A challenge to this designation was upheld: publish an updated designation before it becomes final.");
        var final = new Designation(Id, _designations.Count + 1, DesignationStatus.Final, current!.Level, current.Rationale, chairId, now);
        _designations.Add(final);
        return final;
    }

    /// <summary>Rule: a minority view links a submission of the consultation (the caller checks), once, with a summary.</summary>
    public MinorityView RecordMinorityView(Guid submissionId, string summary, string chairId, DateTimeOffset now)
    {
        Guard.Require(_minorityViews.All(v => v.SubmissionId != submissionId), "minority-view-once",
            "That submission is already recorded as a minority view.");
        var view = new MinorityView(Id, submissionId, Guard.Text(summary, "minority-view-summary", "A summary", 5000), chairId, now);
        _minorityViews.Add(view);
        return view;
    }

    /// <summary>
    /// Rule: a member answers the current designation while it is not final: agrees, or disagrees and says why;
    /// once per member per designation (an updated designation is answered afresh).
    /// </summary>
    public DesignationResponse Respond(Guid designationId, string memberId, bool agrees, string? comment, DateTimeOffset now)
    {
        var current = Current;
        Guard.Require(current is not null && current.Id == designationId, "respond-to-current-designation",
            "Only the current designation can be answered; the page may be out of date.");
        Guard.Require(!IsFinal, "respond-before-final", "The designation is final; it no longer takes responses.");
        Guard.Require(_responses.All(r => r.DesignationId != designationId || r.MemberId != memberId), "respond-once-per-designation",
            "You have already answered this designation.");
        var text = comment?.Trim() ?? "";
        Guard.Require(agrees || text.Length > 0, "disagreement-needs-comment", "Say why you disagree.");
        Guard.Require(text.Length <= 5000, "response-comment-length", "A comment must be at most 5000 characters.");
        var response = new DesignationResponse(Id, designationId, memberId, agrees, text, now);
        _responses.Add(response);
        return response;
    }

    /// <summary>Rule: a member challenges the current designation, with a reason, before it is final; once per designation.</summary>
    public Challenge Challenge(string memberId, string reason, DateTimeOffset now)
    {
        var current = Current;
        Guard.Require(current is not null, "challenge-needs-designation", "There is no designation to challenge yet.");
        Guard.Require(!IsFinal, "challenge-before-final", "A final designation can no longer be challenged here.");
        Guard.Require(_challenges.All(c => c.DesignationId != current!.Id || c.ChallengerId != memberId), "challenge-once-per-designation",
            "You have already challenged this designation.");
        var challenge = new Challenge(Id, current!.Id, memberId, Guard.Text(reason, "challenge-reason", "The reason", MaxTextLength), now);
        _challenges.Add(challenge);
        return challenge;
    }

    /// <summary>Rule: the chair answers a challenge, upholding or dismissing it, with a written answer.</summary>
    public Challenge AnswerChallenge(Guid challengeId, bool upheld, string answer, string chairId, DateTimeOffset now)
    {
        var challenge = _challenges.SingleOrDefault(c => c.Id == challengeId);
        Guard.Require(challenge is not null, "challenge-exists", "No such challenge.");
        challenge!.Answer(upheld, Guard.Text(answer, "challenge-answer", "The answer", MaxTextLength), chairId, now);
        return challenge;
    }
}

public sealed class Designation
{
    private Designation() { }

    internal Designation(Guid callId, int sequence, DesignationStatus status, ConsensusLevel level, string rationale,
        string chairId, DateTimeOffset publishedAt)
    {
        Id = Guid.NewGuid();
        ConsensusCallId = callId;
        Sequence = sequence;
        Status = status;
        Level = level;
        Rationale = rationale;
        PublishedBy = chairId;
        PublishedAt = publishedAt;
    }

    public Guid Id { get; private set; }
    public Guid ConsensusCallId { get; private set; }
    public int Sequence { get; private set; }
    public DesignationStatus Status { get; private set; }
    public ConsensusLevel Level { get; private set; }
    public string Rationale { get; private set; } = "";
    public string PublishedBy { get; private set; } = "";
    public DateTimeOffset PublishedAt { get; private set; }
}

/// <summary>A view held by a small number, recorded with the designation by linking the submission that holds it.</summary>
public sealed class MinorityView
{
    private MinorityView() { }

    internal MinorityView(Guid callId, Guid submissionId, string summary, string recordedBy, DateTimeOffset recordedAt)
    {
        Id = Guid.NewGuid();
        ConsensusCallId = callId;
        SubmissionId = submissionId;
        Summary = summary;
        RecordedBy = recordedBy;
        RecordedAt = recordedAt;
    }

    public Guid Id { get; private set; }
    public Guid ConsensusCallId { get; private set; }
    public Guid SubmissionId { get; private set; }
    public string Summary { get; private set; } = "";
    public string RecordedBy { get; private set; } = "";
    public DateTimeOffset RecordedAt { get; private set; }
}

/// <summary>A member's answer to one designation: agrees, or disagrees with a comment. Never changed once given.</summary>
public sealed class DesignationResponse
{
    private DesignationResponse() { }

    internal DesignationResponse(Guid callId, Guid designationId, string memberId, bool agrees, string comment, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        ConsensusCallId = callId;
        DesignationId = designationId;
        MemberId = memberId;
        Agrees = agrees;
        Comment = comment;
        RespondedAt = at;
    }

    public Guid Id { get; private set; }
    public Guid ConsensusCallId { get; private set; }
    public Guid DesignationId { get; private set; }
    public string MemberId { get; private set; } = "";
    public bool Agrees { get; private set; }
    public string Comment { get; private set; } = "";
    public DateTimeOffset RespondedAt { get; private set; }
}

public sealed class Challenge
{
    private Challenge() { }

    internal Challenge(Guid callId, Guid designationId, string memberId, string reason, DateTimeOffset at)
    {
        Id = Guid.NewGuid();
        ConsensusCallId = callId;
        DesignationId = designationId;
        ChallengerId = memberId;
        Reason = reason;
        RaisedAt = at;
        Status = ChallengeStatus.Open;
    }

    public Guid Id { get; private set; }
    public Guid ConsensusCallId { get; private set; }
    public Guid DesignationId { get; private set; }
    public string ChallengerId { get; private set; } = "";
    public string Reason { get; private set; } = "";
    public DateTimeOffset RaisedAt { get; private set; }
    public ChallengeStatus Status { get; private set; }
    public string? AnswerText { get; private set; }
    public string? AnsweredBy { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }

    internal void Answer(bool upheld, string answer, string chairId, DateTimeOffset now)
    {
        Guard.Require(Status == ChallengeStatus.Open, "challenge-answered-once", "This challenge has already been answered.");
        Status = upheld ? ChallengeStatus.Upheld : ChallengeStatus.Dismissed;
        AnswerText = answer;
        AnsweredBy = chairId;
        AnsweredAt = now;
    }
}
