using System.Buffers.Text;
using System.Globalization;
using System.Text;
using FluentValidation;

namespace Consultation.Application.Features.PublicApi;

/// <summary>One page of a cursor-paged list of the public API: the items, and the cursor of the next page (null on the last).</summary>
public sealed record ApiPage<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>
/// The opaque cursors of the public API: base64url of the last item's sort key, so that the next page starts right after
/// it by an index seek (keyset paging) instead of skipping rows. A reader cannot build one, only pass on <c>next</c>.
/// </summary>
public static class ApiCursor
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;
    public const string InvalidMessage = "This is not a cursor this list gave: pass the \"next\" of the previous page unchanged, or none for the first page.";
    public const string LimitMessage = "Give a limit from 1 to 200.";

    private const char Separator = '\n';

    /// <summary>A key of an instant and a text (a slug or an id), as most lists are sorted by time with a unique tie-breaker.</summary>
    public static string Of(DateTimeOffset at, string text) =>
        Encode(at.UtcTicks.ToString(CultureInfo.InvariantCulture) + Separator + text);

    public static string Of(long number) => Encode(number.ToString(CultureInfo.InvariantCulture));

    public static string Of(string text) => Encode(text);

    public static bool TryRead(string? cursor, out DateTimeOffset at, out string text)
    {
        at = default;
        text = "";
        var parts = Decode(cursor)?.Split(Separator);
        if (parts is not [var ticks, var rest] || rest.Length == 0
            || !long.TryParse(ticks, NumberStyles.None, CultureInfo.InvariantCulture, out var utcTicks)
            || utcTicks < DateTimeOffset.MinValue.UtcTicks || utcTicks > DateTimeOffset.MaxValue.UtcTicks) return false;
        at = new DateTimeOffset(utcTicks, TimeSpan.Zero);
        text = rest;
        return true;
    }

    public static bool TryRead(string? cursor, out long number)
    {
        number = 0;
        return Decode(cursor) is { } text && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out number);
    }

    public static bool TryRead(string? cursor, out string text)
    {
        text = Decode(cursor) ?? "";
        return text.Length > 0 && !text.Contains(Separator);
    }

    private static string Encode(string key) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(key));

    private static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor) || cursor.Length > 512 || !Base64Url.IsValid(cursor)) return null;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Base64Url.DecodeFromChars(cursor));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }
}

internal static class ApiPagingRules
{
    public static IRuleBuilderOptions<T, int> WithinApiLimit<T>(this IRuleBuilder<T, int> limit) =>
        limit.InclusiveBetween(1, ApiCursor.MaxLimit).WithMessage(ApiCursor.LimitMessage);

    /// <summary>No cursor (the first page), or one that reads as this list's key.</summary>
    public static IRuleBuilderOptions<T, string?> ApiCursorOf<T>(this IRuleBuilder<T, string?> cursor, Func<string, bool> reads) =>
        cursor.Must(c => c is null || reads(c)).WithMessage(ApiCursor.InvalidMessage);

    /// <summary>The page and the next cursor from a query that fetched one row beyond the limit.</summary>
    public static ApiPage<TItem> PageOf<TRow, TItem>(IReadOnlyList<TRow> rows, int limit, Func<TRow, TItem> item, Func<TRow, string> cursor) =>
        new(rows.Take(limit).Select(item).ToList(), rows.Count > limit ? cursor(rows[limit - 1]) : null);
}
