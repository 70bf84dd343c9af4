using System.Globalization;
using System.Text.RegularExpressions;
using Consultation.Domain.Submissions;

namespace Consultation.Application.Features.Submissions;

/// <summary>A field of a submission other than its text (its stance, its blocking reason...) as it read before and after.</summary>
public sealed record FieldChange(string Field, string Before, string After);

/// <summary>
/// What changed between two versions of one submission: the text word by word (plain text segments, the Markdown as
/// written, which the page encodes), the other fields that differ, and the files removed and added.
/// </summary>
public sealed partial record VersionChanges(int From, int To, IReadOnlyList<DiffSegment> Text, IReadOnlyList<FieldChange> Fields,
    IReadOnlyList<string> AttachmentsRemoved, IReadOnlyList<string> AttachmentsAdded)
{
    public bool TextChanged => Text.Any(s => s.Kind != DiffKind.Unchanged);
    public bool IsEmpty => !TextChanged && Fields.Count == 0 && AttachmentsRemoved.Count == 0 && AttachmentsAdded.Count == 0;

    /// <param name="sectionNames">The proposal's sections by id, as "number heading".</param>
    public static VersionChanges Between(SubmissionVersion before, SubmissionVersion after, IReadOnlyDictionary<Guid, string> sectionNames)
    {
        string Sections(SubmissionVersion v) => v.CitedSections.Count == 0 ? "none"
            : string.Join("; ", v.CitedSections.Select(c => sectionNames.GetValueOrDefault(c.ProposalSectionId) ?? "").Order(StringComparer.Ordinal));
        static string Ratification(SubmissionVersion v) => v.RatificationEvidence is null ? "none"
            : v.RatificationEvidence + (v.RatifiedOn is { } on ? " on " + on.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "");

        var fields = new List<FieldChange>();
        void Compare(string field, string was, string now)
        {
            if (was != now) fields.Add(new(field, was, now));
        }
        Compare("Stance", before.Stance.Display(), after.Stance.Display());
        Compare("Blocking objection", before.BlockingReason ?? "none", after.BlockingReason ?? "none");
        Compare("Sections cited", Sections(before), Sections(after));
        Compare("Ratification", Ratification(before), Ratification(after));

        // A file is the same file when its content and its name are (the ledger's content hash counts both).
        static string Key(Attachment a) => $"{a.Sha256}:{a.FileName}";
        var kept = before.Attachments.Select(Key).Intersect(after.Attachments.Select(Key)).ToHashSet();
        return new VersionChanges(before.Number, after.Number, TextDiff.Words(before.Text, after.Text), fields,
            before.Attachments.Where(a => !kept.Contains(Key(a))).Select(a => a.FileName).ToList(),
            after.Attachments.Where(a => !kept.Contains(Key(a))).Select(a => a.FileName).ToList());
    }

    /// <summary>
    /// Reads "?compare=1..3" (two version numbers, the earlier first) against the versions a submission has: the pair,
    /// or what is wrong with it in words a reader can act on.
    /// </summary>
    public static (int From, int To)? ParseRange(string text, int versionCount, out string? problem)
    {
        problem = null;
        var match = Range().Match(text.Trim());
        if (!match.Success
            || !int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
            || !int.TryParse(match.Groups[2].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var to))
            problem = "Name two versions to compare, the earlier first, as in 1..2.";
        else if (from < 1 || to < 1 || from > versionCount || to > versionCount)
            problem = versionCount == 1 ? "This submission has only version 1." : $"This submission has versions 1 to {versionCount}.";
        else if (from >= to)
            problem = "Name the earlier version first, as in 1..2.";
        else
            return (from, to);
        return null;
    }

    [GeneratedRegex(@"^(\d{1,9})\s*\.\.\s*(\d{1,9})$")]
    private static partial Regex Range();
}
