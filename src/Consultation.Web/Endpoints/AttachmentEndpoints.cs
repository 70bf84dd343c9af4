using Consultation.Application.Features.Submissions;
using Consultation.Application.Pipeline;
using Mediator;

namespace Consultation.Web.Endpoints;

public static class AttachmentEndpoints
{
    /// <summary>
    /// GET /attachments/{id}: always a download (Content-Disposition: attachment), never rendered by the browser, with
    /// the content type established from the file's bytes when it was uploaded.
    /// </summary>
    public static IEndpointRouteBuilder MapAttachments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/attachments/{id:guid}", async (Guid id, IMediator mediator, HttpContext http, CancellationToken cancellationToken) =>
        {
            try
            {
                var file = await mediator.Send(new DownloadAttachment.Query(id), cancellationToken);
                http.Response.Headers.XContentTypeOptions = "nosniff";
                http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
                return Results.File(file.Content, file.ContentType, file.FileName);
            }
            catch (NotFoundException)
            {
                return Results.NotFound();
            }
        }).AllowAnonymous();
        return endpoints;
    }
}
