using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Ledger;

/// <summary>
/// The canonical content of one submission version (docs/ledger.md), recomputed from the stored rows: the text whose
/// SHA-256 is the version's receipt. With it, a reader checks an export against the ledger with nothing but
/// <c>sha256sum</c> (docs/verifying-an-export.md). Everything in it is public already; people appear by opaque id only.
/// </summary>
public static class ShowCanonicalContent
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string ConsultationSlug, Guid SubmissionId, int VersionNumber) : IQuery<Result>;

    /// <param name="Text">The canonical content, field per line, exactly as hashed.</param>
    /// <param name="ContentHash">The content hash stored with the version (the receipt the ledger recorded).</param>
    public sealed record Result(string Text, string ContentHash);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.ConsultationSlug).Must(Slug.IsValid).WithMessage("That is not a consultation address.");
            RuleFor(q => q.VersionNumber).GreaterThan(0).WithMessage("Versions are numbered from 1.");
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var submission = await db.Submissions.AsNoTracking()
                .Where(s => s.Id == query.SubmissionId && db.Consultations.Any(c => c.Id == s.ConsultationId && c.Slug == query.ConsultationSlug))
                .SingleOrDefaultAsync(cancellationToken);
            var version = submission is null ? null : await db.SubmissionVersions.AsNoTracking().AsSplitQuery()
                .Include(v => v.CitedSections).Include(v => v.Attachments)
                .SingleOrDefaultAsync(v => v.SubmissionId == submission.Id && v.Number == query.VersionNumber, cancellationToken);
            if (submission is null || version is null) throw new NotFoundException("There is no such submission version.");
            return new Result(version.CanonicalText(submission), version.ContentHash);
        }
    }
}
