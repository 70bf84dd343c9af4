using System.Security.Claims;
using Consultation.Web.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Consultation.Web.Tests;

/// <summary>
/// The public page cache serves a kept page only to an anonymous reader, only under the archive revision it was
/// rendered under, and never older than its maximum age by the portal's clock; searches are never kept.
/// </summary>
public sealed class PublicPageCacheTests : IDisposable
{
    private static readonly byte[] Page = "<p>a consultation page</p>"u8.ToArray();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero));
    private readonly PublicPageCache _cache;

    public PublicPageCacheTests() =>
        _cache = new PublicPageCache(Options.Create(new PageCacheOptions { MaxAge = TimeSpan.FromSeconds(5) }), _clock);

    public void Dispose() => _cache.Dispose();

    private static DefaultHttpContext Request(string path, long revision, bool signedIn = false)
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("portal.example");
        http.Request.Path = path;
        http.Items[PublicPageCache.RevisionItem] = revision;
        http.Response.Body = new MemoryStream();
        if (signedIn) http.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "p")], "cookie"));
        return http;
    }

    private static byte[] Body(HttpContext http) => ((MemoryStream)http.Response.Body).ToArray();

    [Fact]
    public async Task An_anonymous_reader_gets_the_kept_page_under_the_same_revision()
    {
        _cache.Keep(Request("/consultations/x", 7), 7, Page, "text/html; charset=utf-8");
        var reader = Request("/consultations/x", 7);

        Assert.True(await _cache.TryServeAsync(reader));
        Assert.Equal(Page, Body(reader));
        Assert.Equal("text/html; charset=utf-8", reader.Response.ContentType);
    }

    [Fact]
    public async Task A_reader_who_accepts_brotli_or_gzip_gets_the_same_page_compressed()
    {
        _cache.Keep(Request("/consultations/x", 7), 7, Page, "text/html");
        foreach (var (accepts, encoding) in new[] { ("gzip, deflate, br", "br"), ("gzip", "gzip"), ("br;q=0, identity", null) })
        {
            var reader = Request("/consultations/x", 7);
            reader.Request.Headers.AcceptEncoding = accepts;
            Assert.True(await _cache.TryServeAsync(reader));

            Assert.Equal(encoding, reader.Response.Headers.ContentEncoding.FirstOrDefault());
            Assert.Equal("Accept-Encoding", reader.Response.Headers.Vary.ToString());
            using var body = new MemoryStream(Body(reader));
            using Stream plain = encoding switch
            {
                "br" => new System.IO.Compression.BrotliStream(body, System.IO.Compression.CompressionMode.Decompress),
                "gzip" => new System.IO.Compression.GZipStream(body, System.IO.Compression.CompressionMode.Decompress),
                _ => body,
            };
            using var read = new MemoryStream();
            await plain.CopyToAsync(read);
            Assert.Equal(Page, read.ToArray());
            // What is sent after serving is the served variant, with the ETag of exactly the bytes sent, hashed when kept.
            var sent = _cache.Keep(reader, 7, Body(reader), "text/html");
            Assert.Equal(Body(reader), sent.Body.ToArray());
            Assert.Equal(PublicPageCache.ETagOf(Body(reader)), sent.ETag);
        }
    }

    [Fact]
    public async Task A_new_revision_a_signed_in_person_another_address_or_an_old_page_are_rendered_afresh()
    {
        _cache.Keep(Request("/consultations/x", 7), 7, Page, "text/html");

        Assert.False(await _cache.TryServeAsync(Request("/consultations/x", 8)));
        Assert.False(await _cache.TryServeAsync(Request("/consultations/x", 7, signedIn: true)));
        Assert.False(await _cache.TryServeAsync(Request("/consultations/y", 7)));
        _clock.Advance(TimeSpan.FromSeconds(6));
        Assert.False(await _cache.TryServeAsync(Request("/consultations/x", 7)));
    }

    [Fact]
    public async Task Searches_are_not_kept()
    {
        _cache.Keep(Request("/search", 7), 7, Page, "text/html");
        _cache.Keep(Request("/api/v1/search", 7), 7, Page, "application/json");

        Assert.False(await _cache.TryServeAsync(Request("/search", 7)));
        Assert.False(await _cache.TryServeAsync(Request("/api/v1/search", 7)));
    }
}
