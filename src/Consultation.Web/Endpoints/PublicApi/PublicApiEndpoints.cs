using System.ComponentModel;
using Consultation.Application.Features.Consensus;
using Consultation.Application.Features.Consultations;
using Consultation.Application.Features.Ledger;
using Consultation.Application.Features.Organizations;
using Consultation.Application.Features.PublicApi;
using Consultation.Application.Pipeline;
using Consultation.Application.Search;
using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Consultation.Domain.Submissions;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.WebUtilities;

namespace Consultation.Web.Endpoints.PublicApi;

/// <summary>
/// The read-only public JSON API under /api/v1 and its OpenAPI document: anonymous, open to any origin, every answer either
/// the thing asked for or a problem document. Each endpoint sends one query through the mediator, as the pages do.
/// </summary>
public static class PublicApiEndpoints
{
    private const string CursorText = "The \"next\" of the previous page; none for the first page.";
    private const string LimitText = "Items per page, 1 to 200 (default 50).";

    public static IEndpointRouteBuilder MapPublicApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi(PublicApiRegistration.DocumentPath).AllowAnonymous().RequireCors(PublicApiRegistration.CorsPolicy);

        var api = endpoints.MapGroup(PublicApiRegistration.Prefix).AllowAnonymous().RequireCors(PublicApiRegistration.CorsPolicy)
            .RequireRateLimiting(Hosting.RateLimits.PublicReading).AddEndpointFilter<ApiProblems>().ProducesValidationProblem();
        MapConsultations(api.MapGroup("/consultations").WithTags("Consultations"));
        MapArchive(api);
        MapLedger(api.MapGroup("/ledger").WithTags("Ledger"));
        return endpoints;
    }

    private static void MapConsultations(RouteGroupBuilder consultations)
    {
        consultations.MapGet("", async (IMediator mediator, HttpContext http,
                [Description("OpenForComment, ReplyPeriod, InReview, Decided or Upcoming.")] string? status,
                [Description("The UTC year in which the comment period opened.")] string? year,
                [Description("A body's slug: the consultations it convened or took a position in.")] string? body,
                [Description(CursorText)] string? cursor, [Description(LimitText)] string? limit) =>
            Paged(http, await mediator.Send(new BrowseConsultations.Query(SiteOf(http), ApiParameters.Enum<ConsultationStatus>(status, "Status"),
                ApiParameters.Year(year), body, cursor, ApiParameters.Limit(limit)), http.RequestAborted)))
            .WithName("ApiListConsultations").WithSummary("List consultations")
            .WithDescription("Every consultation, newest first, with its status, periods, convener, number of submissions, page and links to its submissions, record, exports and feed.");

        consultations.MapGet("/{slug}", async Task<Ok<ApiConsultationDetail>> (IMediator mediator, HttpContext http,
                [Description("The consultation's slug.")] string slug) =>
            TypedResults.Ok(ApiConsultationDetail.From(await mediator.Send(new ShowConsultation.Query(slug), http.RequestAborted), SiteOf(http))))
            .WithName("ApiShowConsultation").WithSummary("One consultation").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The proposal with its numbered sections, the timeline, the status, the counts of submissions by stance, and the published record if any.");

        consultations.MapGet("/{slug}/submissions", async (IMediator mediator, HttpContext http,
                [Description("The consultation's slug.")] string slug,
                [Description(CursorText)] string? cursor, [Description(LimitText)] string? limit) =>
            Paged(http, await mediator.Send(new BrowseSubmissions.Query(SiteOf(http), slug, cursor, ApiParameters.Limit(limit)), http.RequestAborted)))
            .WithName("ApiListSubmissions").WithSummary("A consultation's submissions").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Submissions in the order they arrived (withdrawn ones too, marked): stance, body and kind, the current text, each version's content hash (its ledger receipt), and the chairs' disposition and response once published.");

        consultations.MapGet("/{slug}/submissions/{id}", async Task<Ok<ApiSubmission>> (IMediator mediator, HttpContext http,
                [Description("The consultation's slug.")] string slug, [Description("The submission's id.")] string id) =>
            TypedResults.Ok(await mediator.Send(new ReadSubmission.Query(SiteOf(http), slug,
                Guid.TryParse(id, out var submissionId) ? submissionId : throw new NotFoundException("There is no such submission.")), http.RequestAborted)))
            .WithName("ApiShowSubmission").WithSummary("One submission").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("One submission with every version's text and content hash.");

        consultations.MapGet("/{slug}/record", async Task<Ok<ShowRecord.Result>> (IMediator mediator, HttpContext http,
                [Description("The consultation's slug.")] string slug,
                [Description("A record version (1 is the first); the latest when absent.")] string? version) =>
            TypedResults.Ok(await mediator.Send(new ShowRecord.Query(slug,
                ApiParameters.Parse<int>(version, "Version", "Record versions are numbered from 1.", int.TryParse)), http.RequestAborted)))
            .WithName("ApiShowRecord").WithSummary("A consultation's consensus record").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("The decision, the consensus level and its rationale, minority views, designations and challenges, the published answer to every submission, the stances per kind of body, the timeline and the ledger entry. 404 until a record is published.");
    }

    private static void MapArchive(RouteGroupBuilder api)
    {
        api.MapGet("/search", async (IMediator mediator, HttpContext http,
                [Description("What to search for: words, \"quoted phrases\", OR, a trailing * and a leading -.")] string? q,
                [Description("A consultation's slug.")] string? consultation,
                [Description("Support, SupportWithChanges, Concerns, Oppose or NoPosition.")] string? stance,
                [Description("A kind of body, such as Registry or Government.")] string? kind,
                [Description("A body's slug.")] string? body,
                [Description("First UTC day of submission (yyyy-MM-dd), included.")] string? from,
                [Description("Last UTC day of submission (yyyy-MM-dd), included.")] string? to,
                [Description("Newest (the default: what came into the archive last, first) or BestMatch (the closest match first; slower when very many match).")] string? order,
                [Description(CursorText)] string? cursor, [Description(LimitText)] string? limit) =>
            Paged(http, await mediator.Send(new SearchByCursor.Query(SiteOf(http), q, consultation, ApiParameters.Enum<Stance>(stance, "Stance"),
                ApiParameters.Enum<BodyKind>(kind, "Kind"), body, ApiParameters.Day(from, "From"), ApiParameters.Day(to, "To"), cursor,
                ApiParameters.Limit(limit), ApiParameters.Enum<SearchOrder>(order, "Order") ?? SearchOrder.Newest), http.RequestAborted)))
            .WithName("ApiSearch").WithTags("Search").WithSummary("Search the archive")
            .WithDescription("Proposal sections and submissions, newest first or best match first, with snippets whose matching words are marked. The filters are those of the /search page; stance, body, kind and dates leave proposal sections out. A list goes as far as its first 10,000 matches: narrow the search to reach others.");

        api.MapGet("/records", async (IMediator mediator, HttpContext http,
                [Description(CursorText)] string? cursor, [Description(LimitText)] string? limit) =>
            Paged(http, await mediator.Send(new BrowseRecords.Query(SiteOf(http), cursor, ApiParameters.Limit(limit)), http.RequestAborted)))
            .WithName("ApiListRecords").WithTags("Records").WithSummary("Published consensus records")
            .WithDescription("Each decided consultation's latest record version, newest first.");

        api.MapGet("/organizations", async (IMediator mediator, HttpContext http,
                [Description("A kind of body, such as Registry or Government.")] string? kind,
                [Description(CursorText)] string? cursor, [Description(LimitText)] string? limit) =>
            Paged(http, await mediator.Send(new BrowseOrganizations.Query(SiteOf(http), ApiParameters.Enum<BodyKind>(kind, "Kind"), cursor,
                ApiParameters.Limit(limit)), http.RequestAborted)))
            .WithName("ApiListOrganizations").WithTags("Organizations").WithSummary("Stakeholder bodies")
            .WithDescription("Every stakeholder body by slug, with its kind, the body it sits within and its number of positions.");

        api.MapGet("/organizations/{slug}", async Task<Ok<ShowOrganization.Result>> (IMediator mediator, HttpContext http,
                [Description("The body's slug.")] string slug) =>
            TypedResults.Ok(await mediator.Send(new ShowOrganization.Query(slug), http.RequestAborted)))
            .WithName("ApiShowOrganization").WithTags("Organizations").WithSummary("One stakeholder body and its positions")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("What the body is, where it sits, the bodies within it, and every position it took across consultations with the published answer.");
    }

    private static void MapLedger(RouteGroupBuilder ledger)
    {
        ledger.MapGet("", async Task<Ok<LedgerHead.Result>> (IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new LedgerHead.Query(), http.RequestAborted)))
            .WithName("ApiLedgerHead").WithSummary("The ledger's head")
            .WithDescription("The last entry's sequence, hash and time, and the number of entries (nothing verified).");

        ledger.MapGet("/entries", async (IMediator mediator, HttpContext http,
                [Description(CursorText)] string? cursor, [Description(LimitText)] string? limit) =>
            Paged(http, await mediator.Send(new BrowseLedger.Query(cursor, ApiParameters.Limit(limit)), http.RequestAborted)))
            .WithName("ApiLedgerEntries").WithSummary("The ledger's entries")
            .WithDescription("Every entry in sequence: kind, subject, content hash, time, previous hash and hash, to recompute the chain (docs/ledger.md).");

        ledger.MapGet("/verify", async Task<Ok<VerifyLedger.Result>> (IMediator mediator, HttpContext http) =>
                TypedResults.Ok(await mediator.Send(new VerifyLedger.Query(), http.RequestAborted)))
            .WithName("ApiVerifyLedger").WithSummary("Verify the whole ledger")
            .WithDescription("Recomputes every hash of the chain and checks each entry against the stored record it describes; reports the first entry that does not hold.");

        ledger.MapGet("/receipts/{hash}", async Task<Ok<CheckReceipt.Result>> (IMediator mediator, HttpContext http,
                [Description("The 64-character content hash from a submission receipt.")] string hash) =>
            {
                var receipt = await mediator.Send(new CheckReceipt.Query(hash), http.RequestAborted);
                return receipt.Found ? TypedResults.Ok(receipt) : throw new NotFoundException(CheckReceipt.NotFoundMessage);
            })
            .WithName("ApiCheckReceipt").WithSummary("Check a receipt").ProducesProblem(StatusCodes.Status404NotFound)
            .WithDescription("Whether this exact submission version is in the ledger, and where: the entries that record it and the submission's permanent link.");
    }

    /// <summary>A page of a list, with the next page's address also in a Link header (RFC 8288).</summary>
    private static Ok<ApiPage<T>> Paged<T>(HttpContext http, ApiPage<T> page)
    {
        if (page.Next is { } next)
        {
            var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value);
            query["cursor"] = next;
            var url = QueryHelpers.AddQueryString(new Uri(SiteOf(http), http.Request.Path.Value!.TrimStart('/')).AbsoluteUri, query);
            http.Response.Headers.Link = $"<{url}>; rel=\"next\"";
        }
        return TypedResults.Ok(page);
    }

    private static Uri SiteOf(HttpContext http) => OpenDataEndpoints.SiteOf(http.Request);
}
