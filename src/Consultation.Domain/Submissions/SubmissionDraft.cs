namespace Consultation.Domain.Submissions;

/// <summary>
/// Work in progress on the submission form, saved as the person types so that a dropped connection, a closed
/// tab or a server restart loses no more than a few seconds. A draft need not be valid yet. Never public.
/// </summary>
public sealed class SubmissionDraft
{
    public const int MaxTextLength = SubmissionContent.MaxTextLength;

    private SubmissionDraft() { }

    /// <param name="revisingSubmissionId">Set when the draft is a new version of an existing submission.</param>
    public SubmissionDraft(string personId, Guid consultationId, Guid? revisingSubmissionId, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        PersonId = personId;
        ConsultationId = consultationId;
        RevisingSubmissionId = revisingSubmissionId;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public string PersonId { get; private set; } = "";
    public Guid ConsultationId { get; private set; }
    public Guid? RevisingSubmissionId { get; private set; }
    public Guid? OnBehalfOfBodyId { get; private set; }
    public Stance? Stance { get; private set; }
    public string Text { get; private set; } = "";
    public bool IsBlockingObjection { get; private set; }
    public string? BlockingReason { get; private set; }
    /// <summary>Comma-separated section ids.</summary>
    public string CitedSectionIds { get; private set; } = "";
    public Guid? RepliesToId { get; private set; }
    public string? RatificationEvidence { get; private set; }
    public DateOnly? RatifiedOn { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public IReadOnlyList<Guid> CitedSections =>
        CitedSectionIds.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Guid.Parse).ToList();

    public void Update(Guid? onBehalfOf, Stance? stance, string? text, bool isBlockingObjection, string? blockingReason,
        IEnumerable<Guid> citedSections, Guid? repliesTo, string? ratificationEvidence, DateOnly? ratifiedOn, DateTimeOffset now)
    {
        OnBehalfOfBodyId = onBehalfOf;
        Stance = stance;
        Text = text ?? "";
        IsBlockingObjection = isBlockingObjection;
        BlockingReason = blockingReason;
        CitedSectionIds = string.Join(",", citedSections.Distinct());
        RepliesToId = repliesTo;
        RatificationEvidence = ratificationEvidence;
        RatifiedOn = ratifiedOn;
        UpdatedAt = now;
    }
}
