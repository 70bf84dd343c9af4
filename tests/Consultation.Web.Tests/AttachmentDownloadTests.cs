using System.Net;
using System.Text;
using Consultation.Application.Features.Submissions;
using Consultation.Domain.Submissions;
using Consultation.Testing;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class AttachmentDownloadTests(PortalFactory portal)
{
    [Fact]
    public async Task An_attachment_is_served_as_a_download_with_its_sniffed_type_and_name()
    {
        var content = Encoding.UTF8.GetBytes("Plain-text annex of the sample position.\n");
        var attachmentId = await SubmitWithAttachmentAsync("annex.txt", content);

        using var response = await portal.CreateClient().GetAsync($"/attachments/{attachmentId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("annex.txt", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(content, await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task An_unknown_attachment_is_not_found()
    {
        using var response = await portal.CreateClient().GetAsync($"/attachments/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<Guid> SubmitWithAttachmentAsync(string fileName, byte[] content)
    {
        var receipt = await portal.SubmitAsync("rep.isoc@demo.example", "With an annex.", (fileName, content));
        using var reader = await portal.SignedInScopeAsync("rep.isoc@demo.example");
        var submission = await reader.Services.GetRequiredService<IMediator>().Send(new ShowSubmission.Query(receipt.ConsultationSlug, receipt.SubmissionId));
        return submission.Versions.Single().Attachments.Single().Id;
    }
}
