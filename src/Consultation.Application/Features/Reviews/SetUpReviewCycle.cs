using Consultation.Application.Features.Bodies;
using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Reviews;

/// <summary>
/// A chair (or an administrator) sets up a consultation's review ladder from the template, or re-arranges it: stage
/// names, order and chairs until items have entered, chairs only afterwards. "At once" enters the submissions now.
/// </summary>
public static class SetUpReviewCycle
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, IReadOnlyList<StageInput> Stages, ItemEntry Entry) : ICommand<Result>;

    /// <param name="StageId">The stage being edited, or null for a new one.</param>
    /// <param name="ChairEmails">The chairs' email addresses, separated by commas, spaces or lines.</param>
    public sealed record StageInput(Guid? StageId, string Name, string ChairEmails);

    public sealed record Result(Guid CycleId, int ItemsEntered);

    /// <summary>The template ladder, for the form to start from.</summary>
    public static IReadOnlyList<StageInput> Template(string chairEmail) =>
        ReviewCycle.StandardLadder.Select(name => new StageInput(null, name, chairEmail)).ToList();

    public static IReadOnlyList<string> EmailsIn(string? text) =>
        (text ?? "").Split([',', ';', ' ', '\n', '\r', '\t'], StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<ConsultationDbContext> factory)
        {
            RuleFor(c => c.Slug).MustBeAConsultation(factory);
            RuleFor(c => c.Stages).Must(s => s.Count >= 2).WithMessage("A review ladder needs at least two stages.");
            RuleFor(c => c.Entry).IsInEnum().WithMessage("Choose when submissions enter the review.");
            RuleForEach(c => c.Stages).ChildRules(stage =>
            {
                stage.RuleFor(s => s.Name).NotEmpty().WithMessage("Name every stage.")
                    .MaximumLength(ReviewStage.MaxNameLength).WithMessage($"A stage's name has at most {ReviewStage.MaxNameLength} characters.");
                stage.RuleFor(s => s.ChairEmails).Cascade(CascadeMode.Stop)
                    .Must(e => EmailsIn(e).Count > 0).WithMessage("Every stage needs at least one chair's email address.")
                    .MustAsync(async (emails, ct) =>
                    {
                        await using var db = await factory.CreateDbContextAsync(ct);
                        return (await ReviewPeople.ChairIdsAsync(db, EmailsIn(emails), ct)).Count == EmailsIn(emails).Count;
                    }).WithMessage("Every chair must be an account with the Chair or Administrator role.");
            });
        }
    }

    public sealed class Handler(ReviewWriter writer, ICurrentUser user) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(async change =>
            {
                var db = change.Db;
                var consultation = await db.Consultations.SingleAsync(c => c.Slug == command.Slug, cancellationToken);
                var plan = new List<StagePlan>();
                foreach (var stage in command.Stages)
                    plan.Add(new StagePlan(stage.StageId, stage.Name,
                        (await ReviewPeople.ChairIdsAsync(db, EmailsIn(stage.ChairEmails), cancellationToken)).Values.ToList()));

                var cycle = await ReviewChange.CycleQuery(db).SingleOrDefaultAsync(c => c.ConsultationId == consultation.Id, cancellationToken);
                if (cycle is null)
                {
                    cycle = new ReviewCycle(consultation.Id, plan, command.Entry, change.Now);
                    db.ReviewCycles.Add(cycle);
                }
                else
                {
                    ReviewChange.RequireChairOfReview(cycle, user, "re-arrange its ladder and chairs");
                    cycle.Reshape(plan, command.Entry);
                    db.Touch(cycle);
                }
                await change.RecordAsync(LedgerEntryKind.ReviewCycleSetUp, cycle.Id, LedgerContent.Of(cycle), cancellationToken);
                var entered = cycle.Entry == ItemEntry.AtOnce
                    ? await ItemEntering.EnterMissingAsync(change, cycle, user.RequirePersonId(), cancellationToken)
                    : [];
                return (new Result(cycle.Id, entered.Count), entered);
            }, cancellationToken);
    }
}

/// <summary>Looking people up for the review: chairs by email, names for display.</summary>
internal static class ReviewPeople
{
    /// <summary>The accounts with these addresses that may chair (Chair or Administrator role), by email.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> ChairIdsAsync(ConsultationDbContext db, IReadOnlyCollection<string> emails,
        CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var email in emails)
        {
            var id = await db.Users.WithEmail(email)
                .Where(p => db.UserRoles.Any(ur => ur.UserId == p.Id && db.Roles.Any(r => r.Id == ur.RoleId
                                                                                          && (r.Name == Roles.Chair || r.Name == Roles.Administrator))))
                .Select(p => p.Id).SingleOrDefaultAsync(cancellationToken);
            if (id is not null) found[email] = id;
        }
        return found;
    }

    public static async Task<IReadOnlyDictionary<string, (string Name, string Email)>> PeopleAsync(ConsultationDbContext db,
        IEnumerable<string> ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Distinct().ToList();
        return await db.Users.Where(u => wanted.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => (u.DisplayName, u.Email ?? ""), cancellationToken);
    }
}
