using System.Globalization;
using System.ServiceModel.Syndication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using Consultation.Application.Features.Ledger;
using Consultation.Application.Features.OpenData;
using Consultation.Application.Pipeline;
using CsvHelper;
using Mediator;

namespace Consultation.Web.Endpoints;

/// <summary>
/// The open data of the public URL contract: exports of a consultation's submissions (CSV, JSON), the whole archive as
/// JSON Lines, and Atom feeds. Exports are written row by row as the database yields them, never built in memory.
/// </summary>
public static class OpenDataEndpoints
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly ReadOnlyMemory<byte> LineEnd = "\n"u8.ToArray();

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    public static IEndpointRouteBuilder MapOpenData(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/consultations/{slug}/submissions.csv", (string slug, IMediator mediator, HttpContext http) =>
            ExportAsync(slug, mediator, http, "text/csv; charset=utf-8", $"{slug}-submissions.csv", WriteCsvAsync)).AllowAnonymous();
        endpoints.MapGet("/consultations/{slug}/submissions.json", (string slug, IMediator mediator, HttpContext http) =>
            ExportAsync(slug, mediator, http, "application/json; charset=utf-8", null, WriteJsonArrayAsync)).AllowAnonymous();
        endpoints.MapGet("/archive.jsonl", (IMediator mediator, HttpContext http) =>
            ExportAsync(null, mediator, http, "application/x-ndjson; charset=utf-8", null, WriteJsonLinesAsync)).AllowAnonymous();
        endpoints.MapGet("/consultations/{slug}/submissions/{id:guid}/versions/{number:int}.txt", CanonicalContentAsync).AllowAnonymous();
        endpoints.MapGet("/feeds/consultations.atom", (IMediator mediator, HttpContext http) =>
            FeedAsync(null, mediator, http)).AllowAnonymous();
        endpoints.MapGet("/feeds/consultations/{slug}.atom", (string slug, IMediator mediator, HttpContext http) =>
            FeedAsync(slug, mediator, http)).AllowAnonymous();
        return endpoints;
    }

    private static async Task<IResult> ExportAsync(string? slug, IMediator mediator, HttpContext http, string contentType,
        string? downloadName, Func<Stream, IAsyncEnumerable<ExportedSubmission>, CancellationToken, Task> write)
    {
        var export = await FoundAsync(() => mediator.Send(new ExportSubmissions.Query(slug, SiteOf(http.Request)), http.RequestAborted));
        if (export is null) return Results.NotFound();
        return Results.Stream(body => write(body, export.Submissions, http.RequestAborted), contentType, downloadName);
    }

    private static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<ExportedSubmission> rows, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(body, CsvWriterOptions.Default, leaveOpen: true);
        await csv.WriteRecordsAsync(rows, new SubmissionCsvColumns(), cancellationToken);
        await csv.FlushAsync(cancellationToken);
    }

    private static Task WriteJsonArrayAsync(Stream body, IAsyncEnumerable<ExportedSubmission> rows, CancellationToken cancellationToken) =>
        JsonSerializer.SerializeAsync(body, rows, Json, cancellationToken);

    private static async Task WriteJsonLinesAsync(Stream body, IAsyncEnumerable<ExportedSubmission> rows, CancellationToken cancellationToken)
    {
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await JsonSerializer.SerializeAsync(body, row, Json, cancellationToken);
            await body.WriteAsync(LineEnd, cancellationToken);
            await body.FlushAsync(cancellationToken);
        }
    }

    /// <summary>The query's answer, or null when what the address names does not exist or cannot be named (a 404 here).</summary>
    private static async Task<T?> FoundAsync<T>(Func<ValueTask<T>> send) where T : class
    {
        try
        {
            return await send();
        }
        catch (Exception e) when (e is NotFoundException or InputInvalidException)
        {
            return null;
        }
    }

    /// <summary>The bytes that were hashed into a version's receipt, so that <c>curl … | sha256sum</c> prints the receipt.</summary>
    private static async Task<IResult> CanonicalContentAsync(string slug, Guid id, int number, IMediator mediator, HttpContext http)
    {
        var content = await FoundAsync(() => mediator.Send(new ShowCanonicalContent.Query(slug, id, number), http.RequestAborted));
        return content is null ? Results.NotFound() : Results.Bytes(Utf8.GetBytes(content.Text), "text/plain; charset=utf-8");
    }

    private static async Task<IResult> FeedAsync(string? slug, IMediator mediator, HttpContext http)
    {
        var result = await FoundAsync(() => mediator.Send(new ConsultationFeed.Query(slug), http.RequestAborted));
        if (result is null) return Results.NotFound();
        var site = SiteOf(http.Request);
        var self = new Uri(site, http.Request.Path);
        var feed = slug is null ? AllConsultations(result, site, self) : OneConsultation(result.Consultations.Single(), site, self);

        // A feed is small; it is written to memory because the syndication writer only writes synchronously.
        var buffer = new MemoryStream();
        using (var xml = XmlWriter.Create(buffer, new XmlWriterSettings { Encoding = Utf8 }))
            feed.GetAtom10Formatter().WriteTo(xml);
        return Results.Bytes(buffer.ToArray(), "application/atom+xml; charset=utf-8");
    }

    private static SyndicationFeed AllConsultations(ConsultationFeed.Result result, Uri site, Uri self)
    {
        var feed = NewFeed("Consultations", self, new Uri(site, "/consultations"),
            result.Consultations.Select(c => c.UpdatedAt).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Max());
        feed.Items = result.Consultations.Select(c =>
        {
            var link = ConsultationLink(site, c.Slug);
            return new SyndicationItem(c.Title, new TextSyndicationContent(c.Summary ?? c.Title), link, link.AbsoluteUri, c.UpdatedAt)
            {
                Summary = new TextSyndicationContent(c.Summary ?? c.Title),
            };
        }).ToList();
        return feed;
    }

    private static SyndicationFeed OneConsultation(ConsultationFeed.Channel consultation, Uri site, Uri self)
    {
        var page = ConsultationLink(site, consultation.Slug);
        var feed = NewFeed(consultation.Title, self, page, consultation.UpdatedAt);
        feed.Items = consultation.Activities.Select(a =>
        {
            var link = a.SubmissionId is { } id ? new Uri(site, $"/consultations/{consultation.Slug}/submissions/{id}") : page;
            return new SyndicationItem(a.Title, new TextSyndicationContent(a.Summary), link, $"{page.AbsoluteUri}#{a.Key}", a.At)
            {
                Summary = new TextSyndicationContent(a.Summary),
            };
        }).ToList();
        return feed;
    }

    private static SyndicationFeed NewFeed(string title, Uri self, Uri alternate, DateTimeOffset updated)
    {
        var feed = new SyndicationFeed(title, null, alternate, self.AbsoluteUri, updated);
        feed.Links.Add(SyndicationLink.CreateSelfLink(self, "application/atom+xml"));
        feed.Authors.Add(new SyndicationPerson { Name = "Consultation portal" });
        return feed;
    }

    private static Uri ConsultationLink(Uri site, string slug) => new(site, $"/consultations/{slug}");

    internal static Uri SiteOf(HttpRequest request) => new($"{request.Scheme}://{request.Host}{request.PathBase}/");
}
