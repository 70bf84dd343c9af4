using Consultation.Domain.Ledger;

namespace Consultation.Domain.Submissions;

/// <summary>One immutable version of a submission, with the hash of its canonical content (the receipt).</summary>
public sealed class SubmissionVersion
{
    private readonly List<CitedSection> _citedSections = [];
    private readonly List<Attachment> _attachments = [];
    /// <summary>Set while the version is being made (not when loaded): its hash needs the submission's identity.</summary>
    private readonly Submission? _submission;

    private SubmissionVersion() { }

    internal SubmissionVersion(Submission submission, int number, SubmissionContent content, Ratification? ratification,
        string submittedBy, Guid requestKey, DateTimeOffset submittedAt, bool isLate)
    {
        Id = Guid.NewGuid();
        SubmissionId = submission.Id;
        Number = number;
        Stance = content.Stance;
        Text = content.Text;
        BlockingReason = content.BlockingReason;
        RatificationEvidence = string.IsNullOrWhiteSpace(ratification?.Evidence) ? null : ratification.Evidence.Trim();
        RatifiedOn = RatificationEvidence is null ? null : ratification!.AdoptedOn;
        SubmittedBy = submittedBy;
        RequestKey = requestKey;
        SubmittedAt = submittedAt;
        IsLate = isLate;
        _citedSections.AddRange(content.CitedSectionIds.Select(id => new CitedSection(Id, id)));
        _submission = submission;
        ContentHash = ComputeContentHash(submission);
    }

    /// <summary>
    /// The canonical content of this version (docs/ledger.md): what was said, by whom, for whom, when, and which
    /// files were attached (by their SHA-256 and name). Recomputed when a file is attached, before the ledger records it.
    /// Cited sections are sorted here (as <see cref="SubmissionContent"/> sorts them) because a loaded version lists
    /// them in whatever order the database returns.
    /// </summary>
    private string ComputeContentHash(Submission submission) => CanonicalContent.Hash(CanonicalFields(submission));

    private (string Name, string Value)[] CanonicalFields(Submission submission) =>
    [
        ("submission", SubmissionId.ToString()),
        ("consultation", submission.ConsultationId.ToString()),
        ("version", Number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("author", submission.AuthorId),
        ("submittedBy", SubmittedBy),
        ("onBehalfOf", submission.OnBehalfOfBodyId?.ToString() ?? ""),
        ("repliesTo", submission.RepliesToId?.ToString() ?? ""),
        ("stance", Stance.ToString()),
        ("blockingReason", BlockingReason ?? ""),
        ("citedSections", string.Join(",", _citedSections.Select(c => c.ProposalSectionId).Order())),
        ("ratification", RatificationEvidence ?? ""),
        ("ratifiedOn", RatifiedOn?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? ""),
        ("attachments", string.Join(";", _attachments.Select(a => $"{a.Sha256}:{a.FileName}").Order(StringComparer.Ordinal))),
        ("text", Text),
        ("submittedAt", CanonicalContent.Instant(SubmittedAt)),
    ];

    public Guid Id { get; private set; }
    public Guid SubmissionId { get; private set; }
    public int Number { get; private set; }
    public Stance Stance { get; private set; }
    /// <summary>Markdown, exactly as written; sanitised only when rendered.</summary>
    public string Text { get; private set; } = "";
    public string? BlockingReason { get; private set; }
    /// <summary>How the body adopted this version ("Adopted by the ccNSO Council") and when; official positions only.</summary>
    public string? RatificationEvidence { get; private set; }
    public DateOnly? RatifiedOn { get; private set; }
    /// <summary>Who wrote this version: the author, or another representative of the same body.</summary>
    public string SubmittedBy { get; private set; } = "";
    /// <summary>The idempotency key of the request that made this version: a double click or a retry finds it again.</summary>
    public Guid RequestKey { get; private set; }
    public DateTimeOffset SubmittedAt { get; private set; }
    /// <summary>Received after the original deadline, within an extension.</summary>
    public bool IsLate { get; private set; }
    /// <summary>SHA-256 (hex) of the canonical content; the ledger records it.</summary>
    public string ContentHash { get; private set; } = "";
    public IReadOnlyList<CitedSection> CitedSections => _citedSections;
    public IReadOnlyList<Attachment> Attachments => _attachments;

    public bool IsBlockingObjection => BlockingReason is not null;

    /// <summary>Rule: at most five attachments per submission version.</summary>
    public Attachment Attach(string fileName, string contentType, long size, string sha256, string storageKey)
    {
        Common.Guard.Require(_attachments.Count < Attachment.MaxPerSubmission, "attachments-at-most-five",
            $"A submission carries at most {Attachment.MaxPerSubmission} attachments.");
        Common.Guard.Require(_submission is not null, "attach-while-made", "Files are attached to a version as it is made, never afterwards.");
        var attachment = new Attachment(Id, fileName, contentType, size, sha256, storageKey);
        _attachments.Add(attachment);
        ContentHash = ComputeContentHash(_submission!);
        return attachment;
    }

    /// <summary>
    /// The content hash recomputed from the version as stored (with its cited sections and attachments loaded), so that a
    /// verifier detects a row changed behind the domain's back: it differs from <see cref="ContentHash"/> and the ledger.
    /// </summary>
    public string RecomputeContentHash(Submission submission) => CanonicalContent.Sha256Hex(CanonicalText(submission));

    /// <summary>
    /// The exact text whose SHA-256 is the content hash, as stored now: published so that anyone can recompute a receipt
    /// with <c>sha256sum</c> and compare the version's fields with an export.
    /// </summary>
    public string CanonicalText(Submission submission)
    {
        if (submission.Id != SubmissionId) throw new ArgumentException("That is not this version's submission.", nameof(submission));
        return CanonicalContent.Serialize(CanonicalFields(submission));
    }
}

public sealed class CitedSection
{
    private CitedSection() { }

    internal CitedSection(Guid versionId, Guid sectionId)
    {
        SubmissionVersionId = versionId;
        ProposalSectionId = sectionId;
    }

    public Guid SubmissionVersionId { get; private set; }
    public Guid ProposalSectionId { get; private set; }
}
