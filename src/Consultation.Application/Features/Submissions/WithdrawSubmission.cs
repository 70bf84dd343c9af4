using Consultation.Application.Ledger;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>Withdrawing before the close: the submission and its versions stay public, marked withdrawn.</summary>
public static class WithdrawSubmission
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Command(Guid SubmissionId, string? Reason) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Reason).MaximumLength(2000).WithMessage("The reason must be at most 2,000 characters.");
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user, LedgerWriter ledger)
        : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var now = clock.GetUtcNow();
            var submission = await db.Submissions.SingleOrDefaultAsync(s => s.Id == command.SubmissionId, cancellationToken)
                             ?? throw new NotFoundException("There is no such submission.");
            var consultation = await db.Consultations.SingleAsync(c => c.Id == submission.ConsultationId, cancellationToken);
            var mandate = await SubmissionWriter.RequireMaySpeakForAsync(db, submission, personId, now, "withdraw", cancellationToken);

            submission.Withdraw(personId, consultation, command.Reason, now, mandate);
            await ledger.AppendAsync(db, LedgerEntryKind.SubmissionWithdrawn, submission.Id, LedgerContent.WithdrawalOf(submission), now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return Unit.Value;
        }
    }
}
