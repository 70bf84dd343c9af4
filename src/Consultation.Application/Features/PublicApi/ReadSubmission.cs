using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.PublicApi;

/// <summary>One submission for the API, with every version's text and content hash.</summary>
public static class ReadSubmission
{
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(Uri Site, string Slug, Guid Id) : IQuery<ApiSubmission>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Slug).Must(Slug.IsValid).WithMessage("That is not a consultation address.");
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, ApiSubmission>
    {
        public async ValueTask<ApiSubmission> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var exists = await db.Submissions.AnyAsync(s => s.Id == query.Id
                && db.Consultations.Any(c => c.Id == s.ConsultationId && c.Slug == query.Slug), cancellationToken);
            if (!exists) throw new NotFoundException("There is no such submission.");
            var read = await ApiSubmissionReader.ReadAsync(db, query.Slug, [query.Id], query.Site, withVersionTexts: true, cancellationToken);
            return read.Single();
        }
    }
}
