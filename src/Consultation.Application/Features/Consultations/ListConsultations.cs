using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consultations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consultations;

/// <summary>The consultations a reader can browse: optionally one status, newest first, a page at a time.</summary>
public static class ListConsultations
{
    public const int MaxPageSize = 100;
    /// <summary>Far beyond any real archive, and low enough that the offset cannot overflow.</summary>
    public const int MaxPage = 1_000_000;

    [AllowedFor(Audience.Anyone)]
    public sealed record Query(ConsultationStatus? Status = null, int Page = 1, int PageSize = 20) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize)
    {
        public int PageCount => (Total + PageSize - 1) / PageSize;
    }

    public sealed record Item(string Slug, string Title, ConsultationStatus Status, DateTimeOffset OpensAt,
        DateTimeOffset ClosesAt, DateTimeOffset? ReplyClosesAt, DateTimeOffset? DecidedAt, string? ConvenerName,
        int SubmissionCount, bool WasExtended);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Status).IsInEnum();
            RuleFor(q => q.Page).InclusiveBetween(1, MaxPage).WithMessage($"Pages are numbered from 1 to {MaxPage}.");
            RuleFor(q => q.PageSize).InclusiveBetween(1, MaxPageSize).WithMessage($"A page holds 1 to {MaxPageSize} consultations.");
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var consultations = db.Consultations.AsNoTracking();
            if (query.Status is { } status) consultations = consultations.Where(ConsultationStatusFilter.Is(status, now));

            var total = await consultations.CountAsync(cancellationToken);
            var rows = await consultations
                .OrderByDescending(c => c.OpensAt)
                .Skip((query.Page - 1) * query.PageSize).Take(query.PageSize)
                .Select(c => new
                {
                    Consultation = c,
                    Convener = db.Bodies.Where(b => b.Id == c.ConvenerBodyId).Select(b => b.Acronym ?? b.Name).FirstOrDefault(),
                    Submissions = db.Submissions.Count(s => s.ConsultationId == c.Id && s.WithdrawnAt == null),
                    Extended = c.DeadlineChanges.Any(d => d.Kind == DeadlineChangeKind.Extension),
                })
                .ToListAsync(cancellationToken);

            return new Result(rows.Select(r => new Item(r.Consultation.Slug, r.Consultation.Title, r.Consultation.StatusAt(now),
                    r.Consultation.OpensAt, r.Consultation.ClosesAt, r.Consultation.ReplyClosesAt, r.Consultation.DecidedAt,
                    r.Convener, r.Submissions, r.Extended)).ToList(),
                total, query.Page, query.PageSize);
        }
    }
}
