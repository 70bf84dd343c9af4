using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace Consultation.Application.Attachments;

/// <summary>A file checked and set aside while its submission is being written; kept only when the submission is saved.</summary>
public sealed record StagedAttachment(Guid Token, string PersonId, string FileName, string ContentType, long Size, string Sha256);

/// <summary>
/// Attachments on disk under the data directory (never under wwwroot): staged first, then kept by content hash,
/// so the same file attached twice is stored once and a stored file can be checked against its hash.
/// </summary>
public sealed class AttachmentStore(IOptions<ConsultationOptions> options)
{
    private string Root => Path.Combine(options.Value.ResolvedDataDirectory, "attachments");
    private string Staging => Path.Combine(Root, "staging");

    /// <summary>How long a staged file waits for its submission before it is swept away.</summary>
    public static readonly TimeSpan StagingLifetime = TimeSpan.FromDays(1);

    public async Task<StagedAttachment> StageAsync(string personId, string fileName, string contentType, byte[] content, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Staging);
        SweepAbandoned();
        var staged = new StagedAttachment(Guid.NewGuid(), personId, Path.GetFileName(fileName), contentType, content.LongLength,
            Convert.ToHexStringLower(SHA256.HashData(content)));
        await File.WriteAllBytesAsync(StagedPath(staged.Token), content, cancellationToken);
        await File.WriteAllTextAsync(StagedPath(staged.Token) + ".json", JsonSerializer.Serialize(staged), cancellationToken);
        return staged;
    }

    /// <summary>A staged file of this person's, or null (unknown token, or somebody else's).</summary>
    public async Task<StagedAttachment?> FindStagedAsync(string personId, Guid token, CancellationToken cancellationToken)
    {
        var sidecar = StagedPath(token) + ".json";
        if (!File.Exists(sidecar)) return null;
        var staged = JsonSerializer.Deserialize<StagedAttachment>(await File.ReadAllTextAsync(sidecar, cancellationToken));
        return staged?.PersonId == personId ? staged : null;
    }

    /// <summary>
    /// Copies a staged file to its permanent, content-addressed place and returns its storage key. Done before
    /// the database commit, so a saved submission never names a missing file; a failed commit leaves at most an
    /// unreferenced copy.
    /// </summary>
    public string Store(StagedAttachment staged)
    {
        var target = Path.Combine(Root, staged.Sha256);
        if (!File.Exists(target))
        {
            var temporary = target + "." + Guid.NewGuid().ToString("N") + ".tmp";
            using (var source = File.OpenRead(StagedPath(staged.Token)))
            using (var copy = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                source.CopyTo(copy);
                // On the disk before the commit that names it (the receipt's hash covers the file): after a power loss the
                // database keeps the commit (synchronous=FULL), and the file must not come back empty or short.
                copy.Flush(flushToDisk: true);
            }
            File.Move(temporary, target, overwrite: true);
        }
        return staged.Sha256;
    }

    /// <summary>Removes a staged file once its submission is saved (or abandoned).</summary>
    public void Discard(StagedAttachment staged)
    {
        File.Delete(StagedPath(staged.Token));
        File.Delete(StagedPath(staged.Token) + ".json");
    }

    /// <summary>Files staged for forms that were never submitted.</summary>
    private void SweepAbandoned()
    {
        var before = DateTime.UtcNow - StagingLifetime;
        foreach (var file in new DirectoryInfo(Staging).EnumerateFiles().Where(f => f.LastWriteTimeUtc < before))
            file.Delete();
    }

    public Stream OpenRead(string storageKey)
    {
        if (storageKey.Length != 64 || !storageKey.All(Uri.IsHexDigit))
            throw new ArgumentException("Not an attachment storage key.", nameof(storageKey));
        return File.OpenRead(Path.Combine(Root, storageKey));
    }

    private string StagedPath(Guid token) => Path.Combine(Staging, token.ToString("N"));
}
