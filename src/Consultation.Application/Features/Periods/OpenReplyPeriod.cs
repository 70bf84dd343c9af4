using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Pipeline;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Periods;

/// <summary>
/// A chair opens a reply period after the comment period (ICANN 2012: at least 21 days, only if substantive
/// comments arrived); replies must then cite an earlier comment.
/// </summary>
public static class OpenReplyPeriod
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt) : ICommand;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.OpensAt).NotNull().WithMessage("Give the opening of the reply period (UTC).");
            RuleFor(c => c.ClosesAt).NotNull().WithMessage("Give the close of the reply period (UTC).");
        }
    }

    public sealed class Handler(PeriodWriter periods) : ICommandHandler<Command>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await periods.ChangeAsync(command.Slug, async (db, consultation, _) =>
            {
                var comments = await db.Submissions.CountAsync(s => s.ConsultationId == consultation.Id && s.RepliesToId == null
                                                                    && s.WithdrawnAt == null, cancellationToken);
                consultation.OpenReplyPeriod(command.OpensAt!.Value.ToUniversalTime(), command.ClosesAt!.Value.ToUniversalTime(), comments);
                return (consultation.Id, LedgerContent.ReplyPeriodOf(consultation));
            }, cancellationToken);
            return Unit.Value;
        }
    }
}
