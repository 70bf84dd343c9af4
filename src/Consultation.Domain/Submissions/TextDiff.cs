using System.Text.RegularExpressions;

namespace Consultation.Domain.Submissions;

public enum DiffKind
{
    Unchanged,
    Removed,
    Added,
}

/// <summary>A run of text that both versions share, or that one removed or added. Plain text, never markup.</summary>
public sealed record DiffSegment(DiffKind Kind, string Text);

/// <summary>
/// A word-level diff between two versions of a text, for readers comparing what a submission said before and after.
/// Written here rather than taken from a library (DiffPlex would do): it is some sixty lines, pure, and the texts are
/// bounded (<see cref="SubmissionContent.MaxTextLength"/>). Revisions usually change a few words, so the common start
/// and end are cut off first and the longest common subsequence runs on the short middle only; a middle too large for
/// that (a rewrite of whole pages) is shown as removed and added as a whole instead of costing the server memory.
/// Runs of whitespace count as equal to each other, so re-wrapping a line is not shown as a change.
/// </summary>
public static partial class TextDiff
{
    /// <summary>Word pairs the common-subsequence table may hold: about 4 MB, a middle of some 1,000 by 1,000 words.</summary>
    public const int MaxTableCells = 1_000_000;

    public static IReadOnlyList<DiffSegment> Words(string before, string after)
    {
        var a = Tokens().Matches(before).Select(m => m.Value).ToArray();
        var b = Tokens().Matches(after).Select(m => m.Value).ToArray();
        var start = 0;
        while (start < a.Length && start < b.Length && Same(a[start], b[start])) start++;
        var end = 0;
        while (end < a.Length - start && end < b.Length - start && Same(a[^(end + 1)], b[^(end + 1)])) end++;

        var steps = new List<(DiffKind Kind, string Token)>();
        steps.AddRange(b[..start].Select(t => (DiffKind.Unchanged, t)));
        steps.AddRange(Middle(a[start..^end], b[start..^end]));
        steps.AddRange(b[^end..].Select(t => (DiffKind.Unchanged, t)));
        return Merge(steps);
    }

    private static bool Same(string x, string y) => x == y || (char.IsWhiteSpace(x[0]) && char.IsWhiteSpace(y[0]));

    private static IEnumerable<(DiffKind, string)> Middle(string[] a, string[] b)
    {
        if ((long)(a.Length + 1) * (b.Length + 1) > MaxTableCells)
            return a.Select(t => (DiffKind.Removed, t)).Concat(b.Select(t => (DiffKind.Added, t)));

        // lcs[i, j]: the length of the longest common subsequence of a[i..] and b[j..].
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = Same(a[i], b[j]) ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);

        var steps = new List<(DiffKind, string)>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (Same(a[x], b[y])) { steps.Add((DiffKind.Unchanged, b[y])); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) steps.Add((DiffKind.Removed, a[x++]));
            else steps.Add((DiffKind.Added, b[y++]));
        }
        steps.AddRange(a[x..].Select(t => (DiffKind.Removed, t)));
        steps.AddRange(b[y..].Select(t => (DiffKind.Added, t)));
        return steps;
    }

    /// <summary>
    /// Joins the steps into segments. A space left unchanged between two changes joins them, so that "the old words"
    /// replaced by "some new text" reads as one removal followed by one addition, not as alternating fragments.
    /// </summary>
    private static List<DiffSegment> Merge(List<(DiffKind Kind, string Token)> steps)
    {
        var segments = new List<DiffSegment>();
        var removed = new System.Text.StringBuilder();
        var added = new System.Text.StringBuilder();
        void FlushChange()
        {
            if (removed.Length > 0) segments.Add(new(DiffKind.Removed, removed.ToString()));
            if (added.Length > 0) segments.Add(new(DiffKind.Added, added.ToString()));
            removed.Clear();
            added.Clear();
        }

        for (var i = 0; i < steps.Count; i++)
        {
            var (kind, token) = steps[i];
            var inChange = removed.Length + added.Length > 0;
            var bridgesChanges = kind == DiffKind.Unchanged && inChange && char.IsWhiteSpace(token[0])
                                 && i + 1 < steps.Count && steps[i + 1].Kind != DiffKind.Unchanged;
            if (kind == DiffKind.Removed || bridgesChanges) removed.Append(token);
            if (kind == DiffKind.Added || bridgesChanges) added.Append(token);
            if (kind != DiffKind.Unchanged || bridgesChanges) continue;

            FlushChange();
            if (segments.Count > 0 && segments[^1].Kind == DiffKind.Unchanged)
                segments[^1] = segments[^1] with { Text = segments[^1].Text + token };
            else
                segments.Add(new(DiffKind.Unchanged, token));
        }
        FlushChange();
        return segments;
    }

    /// <summary>Runs of whitespace, words, and each other character alone: "open." changing to "close." changes only the word.</summary>
    [GeneratedRegex(@"\s+|\w+|[^\w\s]")]
    private static partial Regex Tokens();
}
