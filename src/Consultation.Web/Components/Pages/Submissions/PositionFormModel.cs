using Consultation.Application.Attachments;
using Consultation.Application.Features.Submissions;
using Consultation.Domain.Submissions;

namespace Consultation.Web.Components.Pages.Submissions;

/// <summary>
/// What the submission form edits. Property names match the commands', so the pipeline's field errors land
/// next to the right fields (see PipelineValidation).
/// </summary>
public sealed class PositionFormModel
{
    /// <summary>Empty for "in my own name"; otherwise the body's id.</summary>
    public string OnBehalfOfBodyId { get; set; } = "";
    public Stance? Stance { get; set; }
    public string Text { get; set; } = "";
    public bool IsBlockingObjection { get; set; }
    public string? BlockingReason { get; set; }
    public List<Guid> CitedSectionIds { get; set; } = [];
    /// <summary>Empty, or the id of the earlier submission a reply answers.</summary>
    public string RepliesToSubmissionId { get; set; } = "";
    public string? RatificationEvidence { get; set; }
    public DateOnly? RatifiedOn { get; set; }
    public List<StagedAttachment> AttachmentTokens { get; set; } = [];
    public List<SubmissionForm.AttachmentView> KeptAttachments { get; set; } = [];

    public Guid? Body => Guid.TryParse(OnBehalfOfBodyId, out var id) ? id : null;
    public Guid? RepliesTo => Guid.TryParse(RepliesToSubmissionId, out var id) ? id : null;

    public static PositionFormModel From(SubmissionForm.DraftView draft) => new()
    {
        OnBehalfOfBodyId = draft.OnBehalfOfBodyId?.ToString() ?? "",
        Stance = draft.Stance,
        Text = draft.Text,
        IsBlockingObjection = draft.IsBlockingObjection,
        BlockingReason = draft.BlockingReason,
        CitedSectionIds = [.. draft.CitedSectionIds],
        RepliesToSubmissionId = draft.RepliesToSubmissionId?.ToString() ?? "",
        RatificationEvidence = draft.RatificationEvidence,
        RatifiedOn = draft.RatifiedOn,
    };

    public static PositionFormModel From(SubmissionForm.Revision revision) => new()
    {
        Stance = revision.Stance,
        Text = revision.Text,
        IsBlockingObjection = revision.BlockingReason is not null,
        BlockingReason = revision.BlockingReason,
        CitedSectionIds = [.. revision.CitedSectionIds],
        KeptAttachments = [.. revision.Attachments],
        RatificationEvidence = revision.RatificationEvidence,
        RatifiedOn = revision.RatifiedOn,
    };

    public SaveDraft.Command ToDraft(Guid consultationId, Guid? revising) => new(consultationId, revising, Body, Stance, Text,
        IsBlockingObjection, BlockingReason, CitedSectionIds, RepliesTo, RatificationEvidence, RatifiedOn);

    public SubmitPosition.Command ToSubmission(Guid consultationId, Guid requestKey) => new(consultationId, Body, Stance, Text,
        IsBlockingObjection, IsBlockingObjection ? BlockingReason : null, CitedSectionIds, RepliesTo,
        Body is null ? null : RatificationEvidence, Body is null ? null : RatifiedOn, AttachmentTokens.Select(a => a.Token).ToList(), requestKey);

    public ReviseSubmission.Command ToRevision(Guid submissionId, Guid requestKey) => new(submissionId, Stance, Text, IsBlockingObjection,
        IsBlockingObjection ? BlockingReason : null, CitedSectionIds, KeptAttachments.Select(a => a.Id).ToList(),
        AttachmentTokens.Select(a => a.Token).ToList(), RatificationEvidence, RatifiedOn, requestKey);

    public int AttachmentCount => AttachmentTokens.Count + KeptAttachments.Count;
}
