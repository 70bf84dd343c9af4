using System.Diagnostics.CodeAnalysis;

namespace Consultation.Application.Search;

/// <summary>One word or exact phrase of a search, as the reader typed it (not yet in any engine's syntax).</summary>
/// <param name="IsPrefix">Typed with a trailing <c>*</c>: also finds longer words that begin with it.</param>
public sealed record SearchTerm(string Text, bool IsPrefix);

/// <summary>
/// What a reader asked for, parsed from the search box's small syntax: words and "exact phrases" (all required),
/// <c>OR</c> between alternatives, a trailing <c>*</c> for a prefix and a leading <c>-</c> to leave a word out.
/// Each index renders it in its own engine's syntax (FTS5 on SQLite, tsquery on PostgreSQL), quoting every term, so
/// nothing the reader types is ever read as the engine's own syntax; anything outside this syntax gets a message
/// saying what to type instead.
/// </summary>
public sealed class SearchTerms
{
    public const int MaxLength = 300;
    public const int MaxTerms = 20;

    private SearchTerms(IReadOnlyList<IReadOnlyList<SearchTerm>> required, IReadOnlyList<SearchTerm> excluded)
    {
        Required = required;
        Excluded = excluded;
    }

    /// <summary>Every group must match; a group is one term or alternatives typed with OR between them.</summary>
    public IReadOnlyList<IReadOnlyList<SearchTerm>> Required { get; }
    /// <summary>Nothing that matches one of these is found.</summary>
    public IReadOnlyList<SearchTerm> Excluded { get; }

    public static SearchTerms Parse(string text) =>
        TryParse(text, out var terms, out var problem) ? terms : throw new ArgumentException(problem, nameof(text));

    /// <summary>The reader's text as terms, or a message (for the search field) saying what to change.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out SearchTerms? terms, [NotNullWhen(false)] out string? problem)
    {
        terms = null;
        problem = Check(text, out var chunks);
        if (problem is not null) return false;

        var required = new List<List<SearchTerm>>();
        var excluded = new List<SearchTerm>();
        var joinNext = false;
        for (var i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            if (chunk is { IsQuoted: false, Text: "OR" })
            {
                if (joinNext || i == 0 || i == chunks.Count - 1 || required.Count == 0 || chunks[i - 1].IsExcluded || chunks[i + 1].IsExcluded)
                    return Fail("OR goes between two words or phrases, as in registry OR registrar.", out problem);
                joinNext = true;
                continue;
            }
            problem = Refusal(chunk);
            if (problem is not null) return false;
            var term = new SearchTerm(chunk.Text, chunk.IsPrefix);
            if (chunk.IsExcluded) excluded.Add(term);
            else if (joinNext) required[^1].Add(term);
            else required.Add([term]);
            joinNext = false;
        }
        if (required.Count == 0)
            return Fail("Search for at least one word: a word with - before it is only left out.", out problem);
        if (required.Sum(g => g.Count) + excluded.Count > MaxTerms)
            return Fail($"A search has at most {MaxTerms} words and phrases.", out problem);
        terms = new SearchTerms(required, excluded);
        return true;
    }

    private static bool Fail(string message, out string problem)
    {
        problem = message;
        return false;
    }

    private static string? Check(string text, out List<Chunk> chunks)
    {
        chunks = [];
        if (string.IsNullOrWhiteSpace(text)) return "Type a word, or an exact phrase in quotation marks, to search for.";
        if (text.Length > MaxLength) return $"A search is at most {MaxLength} characters.";
        // A control character (a NUL pasted in) separates words as a space does; engines may read it as an end of text.
        return Split(string.Create(text.Length, text, (span, from) =>
        {
            for (var i = 0; i < from.Length; i++) span[i] = char.IsControl(from[i]) ? ' ' : from[i];
        }), chunks);
    }

    /// <summary>Splits on white space, keeping a quoted phrase (with any leading - and trailing *) as one chunk.</summary>
    private static string? Split(string text, List<Chunk> chunks)
    {
        var i = 0;
        while (i < text.Length)
        {
            if (char.IsWhiteSpace(text[i])) { i++; continue; }
            var excluded = text[i] == '-' && i + 1 < text.Length && text[i + 1] == '"';
            var start = excluded ? i + 1 : i;
            if (text[start] == '"')
            {
                var close = text.IndexOf('"', start + 1);
                if (close < 0) return "A quotation mark is not closed: put an exact phrase between two \" marks, or take the mark out.";
                var prefix = close + 1 < text.Length && text[close + 1] == '*';
                var after = close + 1 + (prefix ? 1 : 0);
                if (after < text.Length && !char.IsWhiteSpace(text[after]))
                    return "Leave a space after the closing quotation mark of a phrase.";
                chunks.Add(new Chunk(text[(start + 1)..close], IsQuoted: true, excluded, prefix));
                i = after;
                continue;
            }
            var end = i;
            while (end < text.Length && !char.IsWhiteSpace(text[end])) end++;
            var word = text[i..end];
            i = end;
            if (word.Contains('"')) return "A quotation mark goes around a whole phrase, with spaces outside it: \"root zone\".";
            var isExcluded = word.StartsWith('-');
            if (isExcluded) word = word[1..];
            var isPrefix = word.EndsWith('*');
            if (isPrefix) word = word[..^1];
            chunks.Add(new Chunk(word, IsQuoted: false, isExcluded, isPrefix));
        }
        return null;
    }

    /// <summary>Why a chunk is not a term of this syntax, or null when it is one.</summary>
    private static string? Refusal(Chunk chunk)
    {
        if (!chunk.IsQuoted && chunk.Text.Contains('*'))
            return "A * goes at the end of a word, to find the words that begin with it: secur* finds security and secure.";
        if (!chunk.Text.Any(char.IsLetterOrDigit))
            return chunk.Text.Length == 0 && chunk.IsExcluded && !chunk.IsPrefix
                ? "A - goes right before a word, to leave out what contains it: -draft."
                : chunk.Text.Length == 0
                    ? "A * goes at the end of a word, to find the words that begin with it: secur* finds security and secure."
                    : $"“{chunk.Text}” has no letter or digit to search for.";
        if (chunk.IsQuoted) return null;
        if (chunk.Text is "AND" or "NOT" || chunk.Text.StartsWith("NEAR", StringComparison.Ordinal) && chunk.Text.TrimEnd('(', ')') == "NEAR")
            return $"{chunk.Text.TrimEnd('(', ')')} is not needed: every word is looked for already. Put OR between alternatives, "
                   + "- before a word to leave it out, and words that belong together in quotation marks.";
        if (chunk.Text.IndexOfAny(['(', ')']) >= 0)
            return "Brackets are not part of the search syntax: leave them out, or put the text in quotation marks.";
        return null;
    }

    private sealed record Chunk(string Text, bool IsQuoted, bool IsExcluded, bool IsPrefix);
}
