using System.Buffers.Text;
using System.IO.Compression;
using System.Security.Cryptography;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Net.Http.Headers;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Hosting;

/// <summary>How long a public page is served from memory, and how much memory that may take.</summary>
public sealed class PageCacheOptions
{
    public const string Section = "Consultation:PageCache";

    /// <summary>
    /// A kept page is served while the archive revision is unchanged, for at most this long: what a page shows may
    /// change with the clock alone (a consultation closes at its deadline), so it is never more than this stale.
    /// Zero turns the cache off.
    /// </summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromSeconds(5);

    public int SizeLimitMegabytes { get; set; } = 64;
}

/// <summary>
/// The public archive's pages and data as anonymous readers get them, kept in memory for a few seconds so that many
/// readers of one page cost one rendering (a consultation page with 200 submissions is a few hundred kilobytes of HTML
/// from a dozen queries and 200 rendered texts: 13 pages a second before, docs/BENCHMARKS.md).
/// </summary>
/// <remarks>
/// <see cref="PublicCachingMiddleware"/> stores what it has judged shareable (a plain 200 with nothing of one reader's
/// own) under the archive revision it read before rendering; <see cref="UsePublicPageCache"/> serves it only to an
/// anonymous reader, after the rate limiter and authorization have seen the request, and only while the revision is
/// the same. Searches are not kept: they are many and rarely repeated, and the index answers them itself.
/// </remarks>
public sealed class PublicPageCache(IOptions<PageCacheOptions> options, TimeProvider clock) : IDisposable
{
    /// <summary>The archive revision the request's page is rendered under (anonymous readers of public paths only).</summary>
    internal const string RevisionItem = "Consultation.PublicPage.Revision";

    private const string ServedItem = "Consultation.PublicPage.Served";

    private readonly MemoryCache _pages = new(new MemoryCacheOptions
    {
        SizeLimit = (long)options.Value.SizeLimitMegabytes * 1024 * 1024, CompactionPercentage = 0.25,
    });

    /// <summary>A page bigger than this is not kept, so that one page cannot push out all the others.</summary>
    private readonly long _largestPage = (long)options.Value.SizeLimitMegabytes * 1024 * 1024 / 16;

    /// <summary>A page as sent in one encoding, with the strong ETag of exactly those bytes (hashed once, when kept).</summary>
    internal sealed record Variant(ReadOnlyMemory<byte> Body, string ETag, string? Encoding)
    {
        public static Variant Of(ReadOnlyMemory<byte> body, string? encoding = null) => new(body, ETagOf(body.Span), encoding);
    }

    private sealed record Page(long Revision, Variant Content, Variant Brotli, Variant Gzip, string? ContentType, DateTimeOffset RenderedAt);

    /// <summary>The strong validator of a body: its SHA-256, the same for the same bytes in every process.</summary>
    internal static string ETagOf(ReadOnlySpan<byte> body) => $"\"{Base64Url.EncodeToString(SHA256.HashData(body))}\"";

    internal bool IsOn => options.Value.MaxAge > TimeSpan.Zero;

    /// <summary>
    /// Keeps a page rendered for anyone (unless it came from here) and returns what to send: compressed, with its
    /// headers, when the reader accepts it, so that the first reader of a page gets it compressed too.
    /// </summary>
    internal Variant Keep(HttpContext http, long revision, ReadOnlyMemory<byte> content, string? contentType)
    {
        if (http.Items[ServedItem] is Variant served) return served;
        if (!IsOn || IsSearch(http.Request.Path) || content.Length > _largestPage) return Variant.Of(content); // not kept: sent from the caller's buffer, no copy
        // Compressed once as it is kept, not for every reader. Only pages for anyone are compressed: they hold no secret
        // (no antiforgery token, nothing of one reader's own), so compression cannot leak one through their length (BREACH).
        var page = new Page(revision, Variant.Of(content.ToArray()), Variant.Of(Compressed(content, s => new BrotliStream(s, CompressionLevel.Optimal)), "br"),
            Variant.Of(Compressed(content, s => new GZipStream(s, CompressionLevel.Optimal)), "gzip"), contentType, clock.GetUtcNow());
        _pages.Set(Key(http.Request), page, new MemoryCacheEntryOptions
        {
            Size = page.Content.Body.Length + page.Brotli.Body.Length + page.Gzip.Body.Length + 512, AbsoluteExpirationRelativeToNow = options.Value.MaxAge,
        });
        return Encoded(http, page);
    }

    /// <summary>
    /// One rendering at a time per page (striped by address, so the locks are bounded): when a kept page expires under
    /// load, the readers who ask meanwhile wait for that one rendering instead of each rendering it again (64 at once
    /// under wrk made the p99). A reader waits at most <see cref="RenderingWait"/>, then renders for themselves.
    /// </summary>
    private readonly SemaphoreSlim[] _rendering = [.. Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1))];

    private static readonly TimeSpan RenderingWait = TimeSpan.FromSeconds(5);

    /// <summary>Serves the kept page, or renders it (through <paramref name="next"/>) while others wait for it to be kept.</summary>
    internal async Task ServeOrRenderAsync(HttpContext http, RequestDelegate next)
    {
        if (await TryServeAsync(http)) return;
        if (!IsOn || http.Items[RevisionItem] is not long || http.User.Identity?.IsAuthenticated == true || IsSearch(http.Request.Path))
        {
            await next(http);
            return;
        }
        var turn = _rendering[(int)((uint)StringComparer.Ordinal.GetHashCode(Key(http.Request)) % (uint)_rendering.Length)];
        if (!await turn.WaitAsync(RenderingWait, http.RequestAborted))
        {
            await next(http);
            return;
        }
        // Released once the response is complete, when the page is kept (PublicCaching keeps it before it writes), or
        // at once if rendering fails; never twice.
        var released = 0;
        void Release()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) turn.Release();
        }
        http.Response.OnCompleted(() =>
        {
            Release();
            return Task.CompletedTask;
        });
        try
        {
            if (!await TryServeAsync(http)) await next(http);
        }
        catch
        {
            Release();
            throw;
        }
    }

    internal async Task<bool> TryServeAsync(HttpContext http)
    {
        if (!IsOn || http.Items[RevisionItem] is not long revision || http.User.Identity?.IsAuthenticated == true
            || !_pages.TryGetValue(Key(http.Request), out Page? page) || page!.Revision != revision
            // The portal's clock, not the cache's: it is the one a page's deadlines are judged by.
            || clock.GetUtcNow() - page.RenderedAt is var age && (age < TimeSpan.Zero || age > options.Value.MaxAge))
            return false;
        var variant = Encoded(http, page);
        http.Items[ServedItem] = variant;
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = page.ContentType;
        await http.Response.Body.WriteAsync(variant.Body, http.RequestAborted);
        return true;
    }

    /// <summary>The page as this reader accepts it (Brotli, then gzip, then as rendered), with Content-Encoding and Vary.</summary>
    private static Variant Encoded(HttpContext http, Page page)
    {
        http.Response.Headers.Vary = HeaderNames.AcceptEncoding;
        var variant = Accepts(http.Request, "br") ? page.Brotli : Accepts(http.Request, "gzip") ? page.Gzip : page.Content;
        if (variant.Encoding is not null) http.Response.Headers.ContentEncoding = variant.Encoding;
        return variant;
    }

    private static bool Accepts(HttpRequest request, string encoding) =>
        request.GetTypedHeaders().AcceptEncoding.Any(e => e.Value.Equals(encoding, StringComparison.OrdinalIgnoreCase) && e.Quality is not 0);

    private static byte[] Compressed(ReadOnlyMemory<byte> content, Func<Stream, Stream> compressor)
    {
        using var output = new MemoryStream();
        using (var compressing = compressor(output)) compressing.Write(content.Span);
        return output.ToArray();
    }

    private static bool IsSearch(PathString path) =>
        path.StartsWithSegments("/search", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api/v1/search", StringComparison.OrdinalIgnoreCase);

    /// <summary>The whole address: a page's links are absolute in places (feeds, the API), so the host is part of it.</summary>
    private static string Key(HttpRequest request) =>
        string.Concat(request.Scheme, "://", request.Host.Value, request.PathBase.Value, request.Path.Value, request.QueryString.Value);

    public void Dispose()
    {
        _pages.Dispose();
        foreach (var turn in _rendering) turn.Dispose();
    }
}

public static class PublicPageCacheRegistration
{
    public static IServiceCollection AddPublicPageCache(this IServiceCollection services)
    {
        services.AddOptions<PageCacheOptions>().BindConfiguration(PageCacheOptions.Section);
        services.AddSingleton<PublicPageCache>();
        return services;
    }

    /// <summary>Serves a kept page; after the rate limiter and authorization, so that they see every request.</summary>
    public static IApplicationBuilder UsePublicPageCache(this IApplicationBuilder app) => app.Use((http, next) =>
        http.RequestServices.GetRequiredService<PublicPageCache>().ServeOrRenderAsync(http, next));
}
