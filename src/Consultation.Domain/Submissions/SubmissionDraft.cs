namespace Consultation.Domain.Submissions;

/// <summary>
/// Work in progress on the submission form, saved as the person types so that a dropped connection
/// loses no more than a few seconds. Never public.
/// </summary>
public sealed class SubmissionDraft
{
    private SubmissionDraft() { }

    public SubmissionDraft(string personId, Guid consultationId, DateTimeOffset now)
    {
        Id = Guid.NewGuid();
        PersonId = personId;
        ConsultationId = consultationId;
        UpdatedAt = now;
    }

    public Guid Id { get; private set; }
    public string PersonId { get; private set; } = "";
    public Guid ConsultationId { get; private set; }
    public Guid? OnBehalfOfBodyId { get; private set; }
    public Stance? Stance { get; private set; }
    public string Text { get; private set; } = "";
    public string? BlockingReason { get; private set; }
    /// <summary>Comma-separated section ids: a draft need not be valid yet.</summary>
    public string CitedSectionIds { get; private set; } = "";
    public Guid? RepliesToId { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public void Update(Guid? onBehalfOf, Stance? stance, string text, string? blockingReason,
        IEnumerable<Guid> citedSections, Guid? repliesTo, DateTimeOffset now)
    {
        OnBehalfOfBodyId = onBehalfOf;
        Stance = stance;
        Text = text;
        BlockingReason = blockingReason;
        CitedSectionIds = string.Join(",", citedSections);
        RepliesToId = repliesTo;
        UpdatedAt = now;
    }
}
