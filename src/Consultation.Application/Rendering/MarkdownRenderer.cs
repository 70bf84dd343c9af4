using Ganss.Xss;
using Markdig;

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
public sealed class MarkdownRenderer
{
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder()
        .DisableHtml()
        .UsePipeTables()
        .UseAutoLinks()
        .UseEmphasisExtras()
        .UseListExtras()
        .Build();

    private readonly HtmlSanitizer _sanitizer = CreateSanitizer();

    public SanitizedHtml Render(string? markdown) =>
        string.IsNullOrWhiteSpace(markdown) ? SanitizedHtml.Empty : new(_sanitizer.Sanitize(Markdown.ToHtml(markdown, Pipeline)));

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
