using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Ledger;

/// <summary>
/// Anyone holding a receipt may check its content hash: is this exact submission version in the ledger, and where.
/// Finds the ledger's submission-version entries with that content hash and the versions they record; nothing private.
/// </summary>
public static class CheckReceipt
{
    public const string InvalidHashMessage = "Give the 64-character content hash from the receipt.";
    public const string NotFoundMessage = "No submission version with this content hash is in the ledger.";

    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string ContentHash) : IQuery<Result>;

    /// <param name="ContentHash">The hash looked for, in lower case.</param>
    /// <param name="Entries">The entries recording it, in sequence; empty when it is not in the ledger.</param>
    public sealed record Result(string ContentHash, IReadOnlyList<Entry> Entries)
    {
        public bool Found => Entries.Count > 0;
    }

    /// <summary>One ledger entry and the submission version it records (null when that version is no longer stored).</summary>
    public sealed record Entry(long Sequence, DateTimeOffset RecordedAt, string Hash, RecordedVersion? Version);

    public sealed record RecordedVersion(string ConsultationSlug, string ConsultationTitle, Guid SubmissionId, int VersionNumber)
    {
        public string Permalink => $"/consultations/{ConsultationSlug}/submissions/{SubmissionId}";
    }

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() =>
            RuleFor(q => q.ContentHash).Must(IsHash).WithMessage(InvalidHashMessage);

        private static bool IsHash(string? text) => text is { Length: 64 } && text.All(char.IsAsciiHexDigit);
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var hash = query.ContentHash.ToLowerInvariant();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var entries = await db.Ledger.AsNoTracking()
                .Where(e => e.ContentHash == hash && e.Kind == LedgerEntryKind.SubmissionVersion)
                .OrderBy(e => e.Sequence)
                .Select(e => new { e.Sequence, e.RecordedAt, e.Hash, e.SubjectId })
                .ToListAsync(cancellationToken);
            if (entries.Count == 0) return new Result(hash, []);

            var versionIds = entries.Select(e => e.SubjectId).Distinct().ToList();
            var versions = await (
                    from v in db.SubmissionVersions.AsNoTracking()
                    join s in db.Submissions.AsNoTracking() on v.SubmissionId equals s.Id
                    join c in db.Consultations.AsNoTracking() on s.ConsultationId equals c.Id
                    where versionIds.Contains(v.Id)
                    select new { v.Id, c.Slug, c.Title, SubmissionId = s.Id, v.Number })
                .ToDictionaryAsync(v => v.Id, v => new RecordedVersion(v.Slug, v.Title, v.SubmissionId, v.Number), cancellationToken);

            return new Result(hash, entries
                .Select(e => new Entry(e.Sequence, e.RecordedAt, e.Hash, versions.GetValueOrDefault(e.SubjectId)))
                .ToList());
        }
    }
}
