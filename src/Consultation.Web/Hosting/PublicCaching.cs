using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Consultation.Application.Features.OpenData;
using Mediator;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Consultation.Web.Hosting;

/// <summary>
/// HTTP caching of the public archive (pages, exports, feeds, the API) for anonymous readers: validators (ETag,
/// Last-Modified) and Cache-Control, and 304 answers to conditional requests. Signed-in requests are never stored by a
/// shared cache. Runs before routing, so that a HEAD request can be answered as the GET it describes.
/// </summary>
public static class PublicCaching
{
    public static IApplicationBuilder UsePublicCaching(this IApplicationBuilder app) => app.UseMiddleware<PublicCachingMiddleware>();
}

/// <summary>How a public URL's response is validated.</summary>
internal enum PublicResource
{
    /// <summary>
    /// Pages, feeds and API responses: small, buffered, and given a strong ETag from the hash of their bytes, because what
    /// they show may depend on the clock (a consultation closes at its deadline) or on the address the reader used.
    /// </summary>
    Buffered,

    /// <summary>
    /// Exports and attachments: a pure function of the stored rows and the URL, possibly very large, so they are never
    /// buffered. Their weak ETag is the archive revision with the URL, checked before the export runs.
    /// </summary>
    Streamed,
}

internal static class PublicPaths
{
    private static readonly PathString[] BufferedPrefixes =
        ["/consultations", "/search", "/organizations", "/ledger", "/feeds", "/api", "/openapi"];

    /// <summary>The public URL contract (docs/architecture.md); null for anything else (accounts, dashboards, assets, health).</summary>
    public static PublicResource? Of(PathString path)
    {
        if (path.Equals("/archive.jsonl", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/attachments", StringComparison.OrdinalIgnoreCase))
            return PublicResource.Streamed;
        if (path.StartsWithSegments("/consultations", StringComparison.OrdinalIgnoreCase, out var rest)
            && rest.Value is { } tail && tail.Count(c => c == '/') == 2
            && (tail.EndsWith("/submissions.csv", StringComparison.OrdinalIgnoreCase) || tail.EndsWith("/submissions.json", StringComparison.OrdinalIgnoreCase)))
            return PublicResource.Streamed;
        if (path.Value is "/" || BufferedPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase)))
            return PublicResource.Buffered;
        return null;
    }
}

internal sealed class PublicCachingMiddleware(RequestDelegate next, TimeProvider clock, IOptions<AntiforgeryOptions> antiforgery, PublicPageCache pages)
{
    /// <summary>What antiforgery writes on every response it issues a token to.</summary>
    private const string AntiforgeryNoStore = "no-cache, no-store";

    private readonly string _antiforgeryCookie = antiforgery.Value.Cookie.Name + "=";

    /// <summary>Markers of a body that is one reader's own: a form's antiforgery field, an interactive component's descriptor.</summary>
    private readonly byte[][] _perReader = [Encoding.UTF8.GetBytes(antiforgery.Value.FormFieldName), "<!--Blazor:{"u8.ToArray()];

    /// <summary>Pages differ for a reader who signs in, so a browser asks again every time (a 304 when nothing changed).</summary>
    public const string Page = "public, no-cache";

    /// <summary>Data (exports, feeds, API) is the same for everyone: a minute's reuse, then ask again.</summary>
    public const string Data = "public, max-age=60, must-revalidate";

    /// <summary>What a signed-in person sees (drafts, notifications, unpublished answers) is kept by no cache, not even their browser's (ASVS V14.3.2).</summary>
    public const string SignedIn = "private, no-store";

    public async Task InvokeAsync(HttpContext http, IMediator mediator)
    {
        var request = http.Request;
        var head = HttpMethods.IsHead(request.Method);
        if (!(head || HttpMethods.IsGet(request.Method)))
        {
            await next(http);
            return;
        }
        var signedIn = http.User.Identity?.IsAuthenticated == true;
        if (signedIn)
            http.Response.OnStarting(() =>
            {
                // What a signed-in person sees may be theirs alone: never stored by a shared cache.
                if (!http.Response.Headers.ContainsKey(HeaderNames.CacheControl)) http.Response.Headers.CacheControl = SignedIn;
                return Task.CompletedTask;
            });
        if (PublicPaths.Of(request.Path) is not { } resource)
        {
            await next(http);
            return;
        }

        // Endpoints map GET only; a HEAD is answered as the GET it describes, with the body left out.
        var body = http.Response.Body;
        if (head)
        {
            request.Method = HttpMethods.Get;
            http.Response.Body = Stream.Null;
        }
        try
        {
            var revision = signedIn ? null : (await mediator.Send(new ReadArchiveRevision.Query(), http.RequestAborted)).Revision;
            if (revision is null)
                await next(http);
            else if (resource == PublicResource.Streamed)
                await StreamedAsync(http, revision);
            else
                await BufferedAsync(http, revision, head ? Stream.Null : body);
        }
        finally
        {
            http.Response.Body = body;
            if (head) request.Method = HttpMethods.Head;
        }
    }

    /// <remarks>
    /// The revision is read before the export runs, so the export is at least as new as its ETag claims: a write between
    /// the two costs the reader one more full download, never a stale copy kept.
    /// </remarks>
    private async Task StreamedAsync(HttpContext http, ReadArchiveRevision.Revision revision)
    {
        var etag = new EntityTagHeaderValue($"\"{revision.Number}-{Hash(http.Request.Host + http.Request.PathBase + http.Request.Path + http.Request.QueryString)[..16]}\"", isWeak: true);
        var lastModified = LastModified(revision);
        if (IsNotModified(http.Request, etag, lastModified, answerIfModifiedSince: true))
        {
            WriteValidators(http.Response, Data, etag, lastModified);
            http.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }
        http.Response.OnStarting(() =>
        {
            if (IsShareable(http.Response)) WriteValidators(http.Response, Data, etag, lastModified);
            return Task.CompletedTask;
        });
        await next(http);
    }

    /// <remarks>
    /// Last-Modified is given, but If-Modified-Since never earns a 304 here: the page may have changed with the clock
    /// alone. The status code pages (a 404's page) see an untouched response when the body is empty.
    /// </remarks>
    private async Task BufferedAsync(HttpContext http, ReadArchiveRevision.Revision revision, Stream destination)
    {
        var response = http.Response;
        string? cacheControl = null;
        EntityTagHeaderValue? etag = null;
        // Registered before the endpoint runs, so it runs after the endpoint's own start-of-response callbacks: Blazor
        // issues an antiforgery token to every page as the response starts, whether the page has a form or not.
        response.OnStarting(() =>
        {
            if (cacheControl is not null && etag is not null) FinishShareable(response, cacheControl, etag, LastModified(revision));
            return Task.CompletedTask;
        });
        using var buffer = new MemoryStream();
        response.Body = buffer;
        http.Items[PublicPageCache.RevisionItem] = revision.Number;
        await next(http);
        ReadOnlyMemory<byte> content = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
        if (IsShareable(response, unlessOnlyAntiforgery: true) && IsForAnyone(content.Span))
        {
            var sent = pages.Keep(http, revision.Number, WithoutPersistedState(buffer.GetBuffer().AsMemory(0, (int)buffer.Length)), response.ContentType);
            content = sent.Body;
            etag = new EntityTagHeaderValue(sent.ETag);
            cacheControl = response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true ? Page : Data;
            if (IsNotModified(http.Request, etag, null, answerIfModifiedSince: false))
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                response.ContentLength = null;
                return;
            }
            response.ContentLength = content.Length;
        }
        if (content.Length > 0) await destination.WriteAsync(content, http.RequestAborted);
    }

    /// <summary>
    /// Only a plain 200 for everyone: never a response that forbids storing or is private, or sets a cookie. A page's
    /// no-store and cookie from antiforgery alone are overruled when the page carries nothing of one reader's own
    /// (<see cref="IsForAnyone"/>): Blazor issues a token to every page, whether it has a form or not.
    /// </summary>
    private bool IsShareable(HttpResponse response, bool unlessOnlyAntiforgery = false)
    {
        if (response.StatusCode != StatusCodes.Status200OK) return false;
        if (response.Headers.SetCookie.Any(cookie => !(unlessOnlyAntiforgery && IsAntiforgeryCookie(cookie)))) return false;
        var cacheControl = response.Headers.CacheControl.ToString();
        var forbids = cacheControl.Contains("no-store", StringComparison.OrdinalIgnoreCase) || cacheControl.Contains("private", StringComparison.OrdinalIgnoreCase);
        return !forbids || (unlessOnlyAntiforgery && cacheControl == AntiforgeryNoStore);
    }

    /// <summary>
    /// A static page ends with Blazor's persisted component state: protected afresh on every request (it holds the
    /// antiforgery token), though no circuit will ever read it on a page without interactive components. It is left out
    /// of what is shared, so that the same page is the same bytes and one reader's token is not handed to all.
    /// </summary>
    private static Memory<byte> WithoutPersistedState(Memory<byte> page)
    {
        var start = page.Span.IndexOf("<!--Blazor-Server-Component-State:"u8);
        if (start < 0) return page;
        var length = page.Span[start..].IndexOf("-->"u8);
        if (length < 0) return page;
        var end = start + length + 3;
        page.Span[end..].CopyTo(page.Span[start..]);
        return page[..(page.Length - (end - start))];
    }

    private bool IsAntiforgeryCookie(string? cookie) => cookie?.StartsWith(_antiforgeryCookie, StringComparison.Ordinal) == true;

    /// <summary>Whether a page holds no form's antiforgery field and no interactive component's circuit descriptor.</summary>
    private bool IsForAnyone(ReadOnlySpan<byte> body)
    {
        foreach (var marker in _perReader)
            if (body.IndexOf(marker) >= 0) return false;
        return true;
    }

    private void FinishShareable(HttpResponse response, string cacheControl, EntityTagHeaderValue etag, DateTimeOffset? lastModified)
    {
        if (response.Headers.SetCookie.Any(cookie => !IsAntiforgeryCookie(cookie)))
        {
            response.Headers.CacheControl = SignedIn;
            response.Headers.ETag = default;
            return;
        }
        // The antiforgery cookie and no-store of a page that has no form: a shared cache must not hand one reader's token to all.
        response.Headers.SetCookie = default;
        response.Headers.Pragma = default;
        WriteValidators(response, cacheControl, etag, lastModified);
    }

    private static void WriteValidators(HttpResponse response, string cacheControl, EntityTagHeaderValue etag, DateTimeOffset? lastModified)
    {
        var headers = response.GetTypedHeaders();
        response.Headers.CacheControl = cacheControl;
        headers.ETag = etag;
        headers.LastModified = lastModified;
    }

    /// <summary>
    /// The revision's time to the second, but only once that second is over: until then a later change in the same second
    /// would carry the same Last-Modified, and a reader asking If-Modified-Since would wrongly be told nothing changed.
    /// </summary>
    private DateTimeOffset? LastModified(ReadArchiveRevision.Revision revision)
    {
        var changed = revision.ChangedAt.ToUniversalTime();
        var second = new DateTimeOffset(changed.Ticks - changed.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
        return clock.GetUtcNow() >= second.AddSeconds(1) ? second : null;
    }

    /// <summary>If-None-Match (weak comparison, as for GET) decides when present; otherwise If-Modified-Since, if allowed.</summary>
    private static bool IsNotModified(HttpRequest request, EntityTagHeaderValue etag, DateTimeOffset? lastModified, bool answerIfModifiedSince)
    {
        var headers = request.GetTypedHeaders();
        if (headers.IfNoneMatch is { Count: > 0 } candidates)
            return candidates.Any(candidate => candidate.Equals(EntityTagHeaderValue.Any) || candidate.Compare(etag, useStrongComparison: false));
        return answerIfModifiedSince && lastModified is { } modified && headers.IfModifiedSince is { } since && modified <= since;
    }

    private static string Hash(ReadOnlySpan<byte> bytes) => Base64Url.EncodeToString(SHA256.HashData(bytes));

    private static string Hash(string text) => Hash(Encoding.UTF8.GetBytes(text));
}
