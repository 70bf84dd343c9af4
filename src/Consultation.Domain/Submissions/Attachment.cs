using Consultation.Domain.Common;

namespace Consultation.Domain.Submissions;

/// <summary>A file (PDF or plain text) attached to a submission version, stored outside wwwroot.</summary>
public sealed class Attachment
{
    public const long MaxBytes = 10 * 1024 * 1024;
    public const int MaxPerSubmission = 5;
    public static readonly IReadOnlySet<string> AllowedContentTypes = new HashSet<string> { "application/pdf", "text/plain" };

    private Attachment() { }

    internal Attachment(Guid versionId, string fileName, string contentType, long size, string sha256, string storageKey)
    {
        Guard.Require(AllowedContentTypes.Contains(contentType), "attachment-type", "Attach a PDF or a plain-text file.");
        Guard.Require(size is > 0 and <= MaxBytes, "attachment-size", "An attachment must be at most 10 MB.");
        Id = Guid.NewGuid();
        SubmissionVersionId = versionId;
        FileName = Guard.Text(Path.GetFileName(fileName), "attachment-name", "The file name", 255);
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
        StorageKey = storageKey;
    }

    public Guid Id { get; private set; }
    public Guid SubmissionVersionId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";
    public string StorageKey { get; private set; } = "";
}
