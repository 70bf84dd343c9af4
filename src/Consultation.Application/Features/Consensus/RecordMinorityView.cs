using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using Consultation.Domain.Ledger;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consensus;

/// <summary>The chair records a minority view by linking the submission of this consultation that holds it.</summary>
public static class RecordMinorityView
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, Guid? SubmissionId, string Summary) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.SubmissionId).NotNull().WithMessage("Choose the submission that holds the minority view.");
            RuleFor(c => c.Summary).NotEmpty().WithMessage("Summarise the minority view; it is published in the record.")
                .MaximumLength(5000).WithMessage("The summary must be at most 5,000 characters.");
        }
    }

    public sealed class Handler(ConsensusWriter writer, ICurrentUser user) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(command.Slug, user, ConsensusActor.Chair, async change =>
            {
                var call = change.RequireCall();
                if (!await change.Db.Submissions.AnyAsync(s => s.Id == command.SubmissionId && s.ConsultationId == change.Consultation.Id, cancellationToken))
                    throw new NotFoundException("That submission is not one of this consultation's.");
                var view = call.RecordMinorityView(command.SubmissionId!.Value, command.Summary, change.PersonId, change.Now);
                change.Record(LedgerEntryKind.MinorityViewRecorded, view.Id, LedgerContent.Of(view));
                return Unit.Value;
            }, cancellationToken);
    }
}
