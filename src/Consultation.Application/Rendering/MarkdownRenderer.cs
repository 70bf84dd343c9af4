using Ganss.Xss;
using Markdig;

using Microsoft.Extensions.Caching.Memory;

namespace Consultation.Application.Rendering;

/// <summary>HTML that has been through the sanitizer; the only kind of HTML the pages render unescaped.</summary>
public readonly record struct SanitizedHtml(string Value)
{
    public static readonly SanitizedHtml Empty = new("");
    public override string ToString() => Value;
}

/// <summary>
/// The one way user-written Markdown becomes HTML, for the form's preview and the archive alike: Markdig
/// with raw HTML disabled, then HtmlSanitizer with a short allow-list (no scripts, no event handlers, no
/// style, links only to http, https and mailto).
/// </summary>
/// <remarks>
/// Sanitizing parses the HTML into a DOM and is the dearest step of showing a page: a consultation page with 200
/// submissions spent about 150 ms in it (docs/BENCHMARKS.md). The same text always gives the same HTML, and archived
/// texts never change, so each result is kept (by its text, up to <see cref="CacheCharacters"/> characters in all).
/// </remarks>
public sealed class MarkdownRenderer : IDisposable
{
    /// <summary>About 64 MiB of text and HTML (UTF-16) kept; the least recently used go first.</summary>
    public const long CacheCharacters = 32 * 1024 * 1024;

    private readonly MemoryCache _rendered = new(new MemoryCacheOptions { SizeLimit = CacheCharacters, CompactionPercentage = 0.25 });

    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public SanitizedHtml Render(string? markdown)
    {
        if (string.IsNullOrWhiteSpace(markdown)) return SanitizedHtml.Empty;
        if (_rendered.TryGetValue(markdown, out SanitizedHtml known)) return known;
        var html = new SanitizedHtml(_sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)));
        // A text longer than the whole cache is rendered every time rather than emptying the cache for it.
        if (markdown.Length + html.Value.Length < CacheCharacters / 64)
            _rendered.Set(markdown, html, new MemoryCacheEntryOptions { Size = markdown.Length + html.Value.Length });
        return html;
    }

    public void Dispose() => _rendered.Dispose();

    private static HtmlSanitizer CreateSanitizer()
    {
        var options = new HtmlSanitizerOptions
        {
            AllowedTags = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
            {
                "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "del", "ins", "sub", "sup", "mark",
                "blockquote", "code", "pre", "ul", "ol", "li", "a", "table", "thead", "tbody", "tr", "th", "td", "dl", "dt", "dd",
            },
            AllowedAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href", "title", "start", "align" },
            AllowedSchemes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "http", "https", "mailto" },
            UriAttributes = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "href" },
        };
        var sanitizer = new HtmlSanitizer(options);
        // Links written by participants must not pass reputation or reach back into the portal's window.
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is AngleSharp.Dom.IElement { TagName: "A" } link) link.SetAttribute("rel", "nofollow noopener noreferrer");
        };
        return sanitizer;
    }
}
