using Consultation.Domain.Common;

namespace Consultation.Domain.Submissions;

/// <summary>
/// What one version of a submission says. A blocking objection (IETF "Discuss", Loomio "Block")
/// must state its reason, and must be answered before consensus is declared.
/// </summary>
public sealed record SubmissionContent
{
    public const int MaxTextLength = 100_000;

    public SubmissionContent(Stance stance, string text, IReadOnlyCollection<Guid>? citedSectionIds = null,
        string? blockingReason = null)
    {
        Guard.Require(Enum.IsDefined(stance), "stance-known", "Choose a stance.");
        Stance = stance;
        Text = Guard.Text(text, "submission-text", "The text of a submission", MaxTextLength);
        BlockingReason = string.IsNullOrWhiteSpace(blockingReason) ? null : blockingReason.Trim();
        CitedSectionIds = (citedSectionIds ?? []).Distinct().Order().ToArray();
    }

    public Stance Stance { get; }
    public string Text { get; }
    public string? BlockingReason { get; }
    public IReadOnlyList<Guid> CitedSectionIds { get; }
    public bool IsBlockingObjection => BlockingReason is not null;
}
