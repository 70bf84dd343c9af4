using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Common;
using Consultation.Domain.Consultations;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consultations;

/// <summary>
/// The consultations a reader can browse, newest first (decided ones by their record, the latest first), a page at a time; optionally narrowed to one status, the year
/// (UTC) the comment period opened, and one body that took part (convened it or put a position on it). Every filter
/// runs in the database: a page loads only its own consultations.
/// </summary>
public static class ListConsultations
{
    public const int MaxPageSize = 100;
    /// <summary>Far beyond any real archive, and low enough that the offset cannot overflow.</summary>
    public const int MaxPage = 1_000_000;
    /// <summary>The years a filter may name: any the archive could plausibly hold.</summary>
    public const int MinYear = 1900, MaxYear = 2999;

    [AllowedFor(Audience.Anyone)]
    public sealed record Query(ConsultationStatus? Status = null, int Page = 1, int PageSize = 20, int? Year = null, string? Body = null)
        : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Item> Items, int Total, int Page, int PageSize)
    {
        public int PageCount => (Total + PageSize - 1) / PageSize;
    }

    public sealed record Item(string Slug, string Title, ConsultationStatus Status, DateTimeOffset OpensAt,
        DateTimeOffset ClosesAt, DateTimeOffset? ReplyClosesAt, DateTimeOffset? DecidedAt, string? ConvenerName,
        int SubmissionCount, bool WasExtended);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(IDbContextFactory<ConsultationDbContext> factory)
        {
            RuleFor(q => q.Status).IsInEnum().WithMessage("Choose a status from the list.");
            RuleFor(q => q.Year).InclusiveBetween(MinYear, MaxYear).WithMessage("Give a year as four digits, such as 2010.");
            RuleFor(q => q.Body).Cascade(CascadeMode.Stop)
                .Must(slug => slug is null || Slug.IsValid(slug)).WithMessage("That is not a body's address.")
                .MustAsync(async (slug, cancellationToken) =>
                {
                    if (slug is null) return true;
                    await using var db = await factory.CreateDbContextAsync(cancellationToken);
                    return await db.Bodies.AnyAsync(b => b.Slug == slug, cancellationToken);
                }).WithMessage(q => $"There is no body “{q.Body}”; choose one from the list.");
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
            var consultations = await ConsultationFilter.NarrowAsync(db, db.Consultations.AsNoTracking(), query.Status, query.Year, query.Body,
                now, cancellationToken);

            var total = await consultations.CountAsync(cancellationToken);
            // Decided ones come by their record, the latest first: the home page's "recent consensus records".
            var ordered = query.Status == ConsultationStatus.Decided
                ? consultations.OrderByDescending(c => c.DecidedAt).ThenByDescending(c => c.OpensAt)
                : consultations.OrderByDescending(c => c.OpensAt);
            var rows = await ordered
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
