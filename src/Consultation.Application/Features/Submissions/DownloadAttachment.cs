using Consultation.Application.Attachments;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>An attachment of a submission, for download. Attachments are public, like the submissions they belong to.</summary>
public static class DownloadAttachment
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(Guid AttachmentId) : IQuery<Result>;

    public sealed record Result(string FileName, string ContentType, Stream Content);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, AttachmentStore store) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var attachment = await db.Attachments.AsNoTracking().SingleOrDefaultAsync(a => a.Id == query.AttachmentId, cancellationToken)
                             ?? throw new NotFoundException("There is no such attachment.");
            return new Result(attachment.FileName, attachment.ContentType, store.OpenRead(attachment.StorageKey));
        }
    }
}
