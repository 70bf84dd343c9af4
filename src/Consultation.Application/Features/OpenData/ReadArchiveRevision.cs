using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.OpenData;

/// <summary>
/// The archive's current revision, which public responses carry as their validator (ETag, Last-Modified), asked on every
/// anonymous request so that an unchanged export is answered 304 without running. One row by its key, and read at most
/// once a second unless this process has committed since (<see cref="ArchiveRevisionWatch"/>).
/// </summary>
public static class ReadArchiveRevision
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query : IQuery<Result>;

    /// <param name="Revision">Null only in a database the ArchiveRevision migration has not reached.</param>
    public sealed record Result(Revision? Revision);

    public sealed record Revision(long Number, DateTimeOffset ChangedAt);

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ArchiveRevisionWatch watch) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken) =>
            new(await watch.CurrentAsync(async () =>
            {
                await using var db = await factory.CreateDbContextAsync(cancellationToken);
                return await db.ArchiveRevisions.AsNoTracking().Where(r => r.Id == ArchiveRevision.SingletonId)
                    .Select(r => new Revision(r.Number, r.ChangedAt)).SingleOrDefaultAsync(cancellationToken);
            }));
    }
}
