using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Domain.Submissions;
using Consultation.Testing;
using Consultation.Web.Hosting;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>How a public URL may be cached by a browser or a shared cache.</summary>
public enum Caching
{
    /// <summary>Not at all (health checks).</summary>
    None,
    /// <summary>HTML: <c>public, no-cache</c> with a strong ETag of the body; If-Modified-Since is not answered (the clock changes pages).</summary>
    Page,
    /// <summary>Feeds, API: <c>public, max-age=60, must-revalidate</c> with a strong ETag of the body.</summary>
    Data,
    /// <summary>Exports, attachments: as data, with a weak ETag of the archive revision, also answering If-Modified-Since.</summary>
    Export,
}

/// <summary>
/// One URL of the public URL contract as an anonymous reader fetches it. <c>{slug}</c> is the open demo consultation,
/// <c>{decided}</c> the decided one, <c>{submission}</c> a submission of the decided one, <c>{attachment}</c> an attachment.
/// </summary>
/// <param name="ChangesWithNewSubmission">Whether a new submission to <c>{slug}</c> containing <see cref="PublicUrlContractTests.NewWord"/> changes the body.</param>
public sealed record PublicUrl(string Path, string MediaType, Caching Caching, bool ChangesWithNewSubmission);

/// <summary>
/// The public URL contract (docs/architecture.md) over real HTTP: status, media type, caching headers and conditional
/// requests, and that nothing private ever appears in any of it. Extend <see cref="Contract"/> when a URL is added.
/// </summary>
public sealed class PublicUrlContractTests(PublicUrlContractTests.Portal portal) : IClassFixture<PublicUrlContractTests.Portal>
{
    public const string NewWord = "quokkaflux";
    private const string SearchedWord = "zanzibarword";
    private const string Open = "ksk-rollover-communication-plan";
    private const string Decided = "dns-cert-business-case-2010";

    public static readonly PublicUrl[] Contract =
    [
        new("/", "text/html", Caching.Page, ChangesWithNewSubmission: true),
        new("/consultations", "text/html", Caching.Page, true),
        new("/consultations/{slug}", "text/html", Caching.Page, true),
        new("/consultations/{decided}", "text/html", Caching.Page, false),
        new("/consultations/{decided}/submissions/{submission}", "text/html", Caching.Page, false),
        new("/consultations/{decided}/record", "text/html", Caching.Page, false),
        new("/consultations/{decided}/report", "text/html", Caching.Page, false),
        new("/consultations/{slug}/submissions.csv", "text/csv", Caching.Export, true),
        new("/consultations/{slug}/submissions.json", "application/json", Caching.Export, true),
        new("/consultations/{decided}/submissions.csv", "text/csv", Caching.Export, false),
        new("/archive.jsonl", "application/x-ndjson", Caching.Export, true),
        new($"/search?q={NewWord}", "text/html", Caching.Page, true),
        new("/search?q=registry", "text/html", Caching.Page, false),
        new("/organizations", "text/html", Caching.Page, false),
        new("/organizations/ccnso", "text/html", Caching.Page, false),
        new("/ledger", "text/html", Caching.Page, true),
        new("/ledger?verify=1", "text/html", Caching.Page, true),
        new("/feeds/consultations.atom", "application/atom+xml", Caching.Data, true),
        new("/feeds/consultations/{slug}.atom", "application/atom+xml", Caching.Data, true),
        new("/attachments/{attachment}", "text/plain", Caching.Export, false),
        new("/consultations/{decided}/submissions/{submission}/versions/1.txt", "text/plain", Caching.Data, false),
        new("/api", "text/html", Caching.Page, false),
        new("/openapi/v1.json", "application/json", Caching.Data, false),
        new("/api/v1/consultations", "application/json", Caching.Data, true),
        new("/api/v1/consultations/{decided}", "application/json", Caching.Data, false),
        new("/api/v1/consultations/{slug}/submissions", "application/json", Caching.Data, true),
        new("/api/v1/consultations/{decided}/submissions", "application/json", Caching.Data, false),
        new("/api/v1/consultations/{decided}/submissions/{submission}", "application/json", Caching.Data, false),
        new("/api/v1/consultations/{decided}/record", "application/json", Caching.Data, false),
        new($"/api/v1/search?q={NewWord}", "application/json", Caching.Data, true),
        new("/api/v1/records", "application/json", Caching.Data, false),
        new("/api/v1/organizations", "application/json", Caching.Data, false),
        new("/api/v1/organizations/ccnso", "application/json", Caching.Data, false),
        new("/api/v1/ledger", "application/json", Caching.Data, true),
        new("/api/v1/ledger/verify", "application/json", Caching.Data, true),
        new("/healthz", "text/plain", Caching.None, false),
        new("/healthz/ready", "text/plain", Caching.None, false),
    ];

    public static IEnumerable<object[]> Paths => Contract.Select(url => new object[] { url.Path });

    /// <summary>The portal of these tests alone: they add submissions and private rows.</summary>
    public sealed class Portal : PortalFactory, IAsyncLifetime
    {
        public Guid Submission { get; private set; }
        public Guid Attachment { get; private set; }

        public async Task InitializeAsync()
        {
            await using var scope = Services.CreateAsyncScope();
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync();
            Submission = await db.Submissions.Where(s => db.Consultations.Any(c => c.Id == s.ConsultationId && c.Slug == Decided))
                .OrderBy(s => s.Id).Select(s => s.Id).FirstAsync();
            var receipt = await this.SubmitAsync("rep.isoc@demo.example", "With an annex.", ("annex.txt", "Annex text.\n"u8.ToArray()));
            using var reader = await this.SignedInScopeAsync("rep.isoc@demo.example");
            var shown = await reader.Services.GetRequiredService<IMediator>().Send(new ShowSubmission.Query(receipt.ConsultationSlug, receipt.SubmissionId));
            Attachment = shown.Versions.Single().Attachments.Single().Id;
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

        public string Resolve(string path) => path
            .Replace("{slug}", Open).Replace("{decided}", Decided)
            .Replace("{submission}", Submission.ToString()).Replace("{attachment}", Attachment.ToString());
    }

    private readonly HttpClient _client = portal.CreateBrowserlikeClient();

    private static PublicUrl Case(string path) => Contract.Single(url => url.Path == path);

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_anonymous_reader_gets_the_url_with_its_media_type_and_caching_headers(string path)
    {
        var url = Case(path);
        await SecondOfLastChangeIsOverAsync();

        using var response = await _client.GetAsync(portal.Resolve(path));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(url.MediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(CacheControlHeaderValue.Parse(url.Caching switch
        {
            Caching.Page => PublicCachingMiddleware.Page,
            Caching.Data or Caching.Export => PublicCachingMiddleware.Data,
            _ => "no-store, no-cache",
        }), response.Headers.CacheControl);
        if (url.Caching == Caching.None)
        {
            Assert.Null(response.Headers.ETag);
            return;
        }
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(url.Caching == Caching.Export, response.Headers.ETag.IsWeak);
        Assert.NotNull(response.Content.Headers.LastModified);
        Assert.True(response.Content.Headers.LastModified <= DateTimeOffset.UtcNow);
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task Asking_again_with_the_etag_gets_304_without_a_body_and_head_gets_the_same_headers(string path)
    {
        var url = Case(path);
        if (url.Caching == Caching.None) return;
        using var first = await _client.GetAsync(portal.Resolve(path));
        var etag = first.Headers.ETag!;

        using var again = await SendAsync(HttpMethod.Get, path, request => request.Headers.IfNoneMatch.Add(etag));
        using var head = await SendAsync(HttpMethod.Head, path);

        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, again.Headers.ETag);
        Assert.Equal(first.Headers.CacheControl, again.Headers.CacheControl);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(etag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task If_modified_since_is_answered_only_for_exports(string path)
    {
        var url = Case(path);
        if (url.Caching == Caching.None) return;
        await SecondOfLastChangeIsOverAsync();
        using var first = await _client.GetAsync(portal.Resolve(path));

        using var again = await SendAsync(HttpMethod.Get, path, request => request.Headers.IfModifiedSince = first.Content.Headers.LastModified);

        Assert.Equal(url.Caching == Caching.Export ? HttpStatusCode.NotModified : HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task After_a_new_submission_the_old_validators_get_the_new_content_where_it_changed()
    {
        var cached = Contract.Where(url => url.Caching != Caching.None).ToList();
        await SecondOfLastChangeIsOverAsync();
        var before = new Dictionary<string, (EntityTagHeaderValue ETag, DateTimeOffset? LastModified, byte[] Body)>();
        foreach (var url in cached)
        {
            using var response = await _client.GetAsync(portal.Resolve(url.Path));
            before[url.Path] = (response.Headers.ETag!, response.Content.Headers.LastModified, await response.Content.ReadAsByteArrayAsync());
        }

        await portal.SubmitAsync("rep.cert@demo.example", $"A position on the communication plan: {NewWord}.");
        await SecondOfLastChangeIsOverAsync();

        var wrong = new List<string>();
        foreach (var url in cached)
        {
            var (etag, lastModified, body) = before[url.Path];
            using var byETag = await SendAsync(HttpMethod.Get, url.Path, request => request.Headers.IfNoneMatch.Add(etag));
            var changed = url.Caching == Caching.Export || url.ChangesWithNewSubmission;
            if (byETag.StatusCode != (changed ? HttpStatusCode.OK : HttpStatusCode.NotModified))
                wrong.Add($"{url.Path}: {byETag.StatusCode} to If-None-Match");
            else if (changed && Equals(etag, byETag.Headers.ETag))
                wrong.Add($"{url.Path}: the same ETag");
            else if (url.ChangesWithNewSubmission && Convert.ToBase64String(body) == Convert.ToBase64String(await byETag.Content.ReadAsByteArrayAsync()))
                wrong.Add($"{url.Path}: the same body");
            if (url.Caching != Caching.Export) continue;
            using var byDate = await SendAsync(HttpMethod.Get, url.Path, request => request.Headers.IfModifiedSince = lastModified);
            if (byDate.StatusCode != HttpStatusCode.OK || !(byDate.Content.Headers.LastModified > lastModified))
                wrong.Add($"{url.Path}: {byDate.StatusCode} to If-Modified-Since, Last-Modified {byDate.Content.Headers.LastModified}");
        }
        Assert.Empty(wrong);
    }

    [Theory]
    [InlineData("/consultations/no-such-consultation")]
    [InlineData("/consultations/no-such-consultation/record")]
    [InlineData("/consultations/no-such-consultation/report")]
    [InlineData("/consultations/no-such-consultation/submissions.csv")]
    [InlineData("/consultations/no-such-consultation/submissions.json")]
    [InlineData("/feeds/consultations/no-such-consultation.atom")]
    [InlineData("/organizations/no-such-body")]
    public async Task An_unknown_slug_is_404_without_public_caching(string path)
    {
        using var response = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Null(response.Headers.ETag);
        Assert.NotEqual(PublicCachingMiddleware.Page, response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task A_signed_in_reader_gets_responses_no_cache_stores_and_without_validators()
    {
        var client = portal.CreateBrowserlikeClient();
        await client.SignInAsync("member@demo.example");

        foreach (var url in Contract.Where(url => url.Caching != Caching.None))
        {
            using var response = await client.GetAsync(portal.Resolve(url.Path));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            // Stored by no cache, not even the browser's: it may hold what only this person may see.
            Assert.True(response.Headers.CacheControl is { NoStore: true }, $"{url.Path}: {response.Headers.CacheControl}");
            Assert.Null(response.Headers.ETag);
        }
    }

    [Fact]
    public async Task No_public_url_shows_a_draft_an_unpublished_answer_or_an_email_address()
    {
        // The markers follow a word searched for: were the draft or the answer indexed, the snippet would show the marker,
        // while the search page's own echo of the query does not.
        var draft = $"draftmarker{Guid.NewGuid():N}";
        var answer = $"answermarker{Guid.NewGuid():N}";
        var secondEmail = $"second-{Guid.NewGuid():N}@leak-check.example";
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<Person>>();
            var second = new Person { UserName = secondEmail, Email = secondEmail, EmailConfirmed = true, DisplayName = "Second Leak Checker" };
            Assert.True((await users.CreateAsync(second, PortalFactory.DemoPassword)).Succeeded);
            Assert.True((await users.AddToRoleAsync(second, Roles.Member)).Succeeded);
        }
        await portal.SubmitAsync(secondEmail, "A position whose author's address must stay private.");
        using (var writer = await portal.SignedInScopeAsync("member@demo.example"))
        {
            var mediator = writer.Services.GetRequiredService<IMediator>();
            var form = await mediator.Send(new SubmissionForm.Query(Open));
            await mediator.Send(new SaveDraft.Command(form.ConsultationId, null, null, Stance.Concerns, $"{SearchedWord} {draft}", false, null, [], null, null, null));
        }
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync();
            // A published answer is taken back to a draft answer: every public output must drop it, not show the old text.
            var item = await db.ReviewItems.Where(i => i.ResponsePublishedAt != null).Select(i => i.Id).FirstAsync();
            Assert.Equal(1, await db.ReviewItems.Where(i => i.Id == item).ExecuteUpdateAsync(set => set
                .SetProperty(i => i.Response, $"{SearchedWord} {answer}").SetProperty(i => i.ResponsePublishedAt, (DateTimeOffset?)null)));
        }

        string[] markers = [draft, answer, secondEmail, "@demo.example"];
        var paths = Contract.Select(url => portal.Resolve(url.Path)).Append($"/search?q={SearchedWord}");
        var client = portal.CreateBrowserlikeClient();
        var open = await client.GetStringAsync(portal.Resolve("/consultations/{slug}"));
        Assert.Contains("Second Leak Checker", open);
        foreach (var path in paths)
        {
            var body = Encoding.UTF8.GetString(await client.GetByteArrayAsync(path));
            foreach (var marker in markers)
                Assert.False(body.Contains(marker, StringComparison.OrdinalIgnoreCase), $"{path} shows {marker}");
        }
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, Action<HttpRequestMessage>? prepare = null)
    {
        var request = new HttpRequestMessage(method, portal.Resolve(path));
        prepare?.Invoke(request);
        return _client.SendAsync(request);
    }

    /// <summary>Last-Modified is only given once the second of the archive's last change is over.</summary>
    private async Task SecondOfLastChangeIsOverAsync()
    {
        await using var scope = portal.Services.CreateAsyncScope();
        await using var db = await scope.ServiceProvider.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContextAsync();
        var changedAt = await db.ArchiveRevisions.Select(r => r.ChangedAt).SingleAsync();
        var wait = changedAt.AddSeconds(1.1) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) await Task.Delay(wait);
    }
}
