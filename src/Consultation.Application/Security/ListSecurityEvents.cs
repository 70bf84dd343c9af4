using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Security;

/// <summary>The security audit log for administrators, newest first, a page at a time, optionally of one kind.</summary>
public static class ListSecurityEvents
{
    public const int PageSize = 50;

    [AllowedFor(Roles.Administrator)]
    public sealed record Query(SecurityEventKind? Kind = null, int Page = 1) : IQuery<Result>;

    public sealed record Result(IReadOnlyList<Row> Events, int Page, bool HasMore);

    public sealed record Row(long Id, DateTimeOffset At, SecurityEventKind Kind, string? PersonId, string? PersonName, string? PersonEmail,
        string Detail, string? ClientAddress);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Kind).IsInEnum().WithMessage("Choose a kind of event from the list.");
            RuleFor(q => q.Page).InclusiveBetween(1, 100_000).WithMessage("Pages are numbered from 1.");
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var events = db.SecurityEvents.AsNoTracking();
            if (query.Kind is { } kind) events = events.Where(e => e.Kind == kind);
            // Ids grow with time: the newest first without sorting on an instant.
            var page = events.OrderByDescending(e => e.Id).Skip((query.Page - 1) * PageSize).Take(PageSize + 1);
            // One left join for the person's name and address, not a lookup per column.
            var rows = await (from e in page
                    join u in db.Users on e.PersonId equals u.Id into people
                    from person in people.DefaultIfEmpty()
                    orderby e.Id descending
                    select new Row(e.Id, e.At, e.Kind, e.PersonId, person == null ? null : person.DisplayName,
                        person == null ? null : person.Email, e.Detail, e.ClientAddress))
                .ToListAsync(cancellationToken);
            return new Result(rows.Take(PageSize).ToList(), query.Page, rows.Count > PageSize);
        }
    }
}
