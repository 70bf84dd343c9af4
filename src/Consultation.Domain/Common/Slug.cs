using System.Text;
using System.Text.RegularExpressions;

namespace Consultation.Domain.Common;

/// <summary>The stable lower-case name in a permanent URL (/consultations/{slug}).</summary>
public static partial class Slug
{
    public const int MaxLength = 80;

    [GeneratedRegex(@"^[a-z0-9]+(?:-[a-z0-9]+)*\z")]
    private static partial Regex Pattern();

    public static bool IsValid(string? slug) =>
        slug is { Length: > 0 and <= MaxLength } && Pattern().IsMatch(slug);

    public static string Require(string? slug)
    {
        Guard.Require(IsValid(slug), "slug-format",
            $"A slug uses lower-case letters, digits and single hyphens, at most {MaxLength} characters.");
        return slug!;
    }

    /// <summary>Derives a slug from a title: "Global DNS-CERT Business Case" -> "global-dns-cert-business-case".</summary>
    public static string From(string title)
    {
        var builder = new StringBuilder();
        foreach (var c in title.Normalize(NormalizationForm.FormD).ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9') builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-' && char.IsLetterOrDigit(c) is false
                     && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.NonSpacingMark)
                builder.Append('-');
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length > MaxLength ? slug[..MaxLength].TrimEnd('-') : slug;
    }
}
