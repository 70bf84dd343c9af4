using AngleSharp.Html.Parser;
using Consultation.Application.Rendering;

namespace Consultation.Application.Tests;

public sealed class MarkdownRendererTests
{
    private const string Rel = "nofollow noopener noreferrer";
    private static readonly HashSet<string> SafeSchemes = ["http", "https", "mailto"];
    private readonly MarkdownRenderer _markdown = new();

    [Theory]
    [InlineData("<script>alert(1)</script>")]
    [InlineData("Text <script src=\"https://evil.example/x.js\"></script> more")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("<a href=\"https://example.org\" onclick=\"alert(1)\">click</a>")]
    [InlineData("<div style=\"position:fixed\">raw HTML</div>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    [InlineData("[click me](javascript:alert(1))")]
    [InlineData("[click me](JAVASCRIPT:alert(1))")]
    [InlineData("<javascript:alert(1)>")]
    [InlineData("[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)")]
    [InlineData("![image](https://evil.example/track.png)")]
    public void Dangerous_input_renders_as_inert_html(string markdown)
    {
        var html = _markdown.Render(markdown).Value;
        var elements = new HtmlParser().ParseDocument($"<body>{html}</body>").Body!.QuerySelectorAll("*");

        Assert.All(elements, element =>
        {
            Assert.DoesNotContain(element.LocalName, new[] { "script", "img", "iframe", "div", "style" });
            Assert.DoesNotContain(element.Attributes, a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase) || a.Name == "style" || a.Name == "src");
            if (element.GetAttribute("href") is { } href)
                Assert.Contains(new Uri(href).Scheme, SafeSchemes);
        });
    }

    [Fact]
    public void The_same_text_is_sanitized_once_and_then_served_as_kept()
    {
        const string text = "A **position** with [a link](https://example.org) and <script>alert(1)</script>.";
        var first = _markdown.Render(text);
        var again = _markdown.Render(new string(text.AsSpan()));

        Assert.Same(first.Value, again.Value);   // the kept result, not a second sanitizing
        Assert.DoesNotContain("<script", first.Value, StringComparison.OrdinalIgnoreCase);
        Assert.NotSame(first.Value, _markdown.Render(text + " More.").Value);
    }

    [Fact]
    public void Raw_html_is_shown_as_text_not_run()
    {
        Assert.Equal("<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>", _markdown.Render("<script>alert(1)</script>").Value.Trim());
    }

    [Fact]
    public void Ordinary_markdown_survives_and_links_carry_rel_nofollow()
    {
        var html = _markdown.Render("Some *emphasis* and **strength**.\n\n- one\n- two\n\nSee [ICANN](https://www.icann.org/) or https://www.ietf.org/.").Value;

        Assert.Contains("<em>emphasis</em>", html);
        Assert.Contains("<strong>strength</strong>", html);
        Assert.Contains("<ul>\n<li>one</li>\n<li>two</li>\n</ul>", html);
        Assert.Contains($"<a href=\"https://www.icann.org/\" rel=\"{Rel}\">ICANN</a>", html);
        Assert.Contains($"<a href=\"https://www.ietf.org/\" rel=\"{Rel}\">https://www.ietf.org/</a>", html);
    }

    [Fact]
    public void Empty_markdown_renders_nothing() => Assert.Equal("", _markdown.Render("  ").Value);
}
