namespace Consultation.Application.Search;

/// <summary>A piece of a snippet: plain text, or a word that matched the search.</summary>
public sealed record SnippetPart(string Text, bool IsMatch);

/// <summary>
/// The excerpt an index returns around the matches. The index marks matches with two private-use characters rather
/// than with HTML: the excerpt is the writer's raw text, so it is split into parts here and the page encodes every
/// part as text, with no markup from the archive's content ever reaching the browser as markup.
/// </summary>
public static class Snippet
{
    public const char MatchStart = '\uE000';
    public const char MatchEnd = '\uE001';

    public static IReadOnlyList<SnippetPart> Parts(string snippet)
    {
        var parts = new List<SnippetPart>();
        var rest = snippet.AsSpan();
        while (rest.Length > 0)
        {
            var start = rest.IndexOf(MatchStart);
            if (start < 0) { Add(rest, isMatch: false); break; }
            Add(rest[..start], isMatch: false);
            rest = rest[(start + 1)..];
            var end = rest.IndexOf(MatchEnd);
            if (end < 0) end = rest.Length;
            Add(rest[..end], isMatch: true);
            rest = rest[Math.Min(end + 1, rest.Length)..];
        }
        return parts;

        void Add(ReadOnlySpan<char> text, bool isMatch)
        {
            var clean = text.ToString().Replace(MatchStart.ToString(), "").Replace(MatchEnd.ToString(), "");
            if (clean.Length > 0) parts.Add(new SnippetPart(clean, isMatch));
        }
    }
}
