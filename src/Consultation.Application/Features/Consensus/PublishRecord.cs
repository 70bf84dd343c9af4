using Consultation.Application.Identity;
using Consultation.Application.Ledger;
using Consultation.Application.Notifications;
using Consultation.Application.Pipeline;
using Consultation.Domain.Consensus;
using Consultation.Domain.Ledger;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Consensus;

/// <summary>
/// The chair publishes the consensus record: the decision (Markdown), the final level and rationale, the minority
/// views, and the ledger's head just before the record's own entry, which anyone can later check the chain against.
/// The consultation becomes decided and its review closes: no item changes after the record.
/// </summary>
public static class PublishRecord
{
    [AllowedFor(Roles.Chair, Roles.Administrator)]
    public sealed record Command(string Slug, string Decision) : ICommand<int>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Decision).NotEmpty().WithMessage("Write what was decided.")
            .MaximumLength(ConsensusRecord.MaxDecisionLength).WithMessage("The decision must be at most 50,000 characters.");
    }

    public sealed class Handler(ConsensusWriter writer, LedgerWriter ledger, ICurrentUser user) : ICommandHandler<Command, int>
    {
        public async ValueTask<int> Handle(Command command, CancellationToken cancellationToken) =>
            await writer.ChangeAsync(command.Slug, user, ConsensusActor.Chair, async change =>
            {
                var latest = await RecordVersions.LatestAsync(change, cancellationToken);
                var record = ConsensusRecord.Publish(change.RequireCall(), change.Review.Progress, latest, command.Decision, change.PersonId,
                    await ledger.HeadHashAsync(change.Db, cancellationToken), change.Now);
                await CloseReviewAsync(change, cancellationToken);
                if (change.Consultation.DecidedAt is null) change.Consultation.MarkDecided(change.Now);
                RecordVersions.Add(change, record);
                return record.Version;
            }, cancellationToken);

        /// <summary>The published record answers for every item as it stands, so the review closes with it.</summary>
        private static async Task CloseReviewAsync(ConsensusChange change, CancellationToken cancellationToken)
        {
            var cycle = await change.Db.ReviewCycles.Include(c => c.Stages)
                .SingleAsync(c => c.ConsultationId == change.Consultation.Id, cancellationToken);
            var items = await change.Db.ReviewItems.Where(i => i.ReviewCycleId == cycle.Id).ToListAsync(cancellationToken);
            cycle.Complete(items, change.Now);
        }
    }
}

/// <summary>What publishing and correcting a record share: finding the latest version, and adding a new one.</summary>
internal static class RecordVersions
{
    public static Task<ConsensusRecord?> LatestAsync(ConsensusChange change, CancellationToken cancellationToken) =>
        change.Db.ConsensusRecords.Where(r => r.ConsultationId == change.Consultation.Id).OrderByDescending(r => r.Version)
            .FirstOrDefaultAsync(cancellationToken);

    public static void Add(ConsensusChange change, ConsensusRecord record)
    {
        change.Db.ConsensusRecords.Add(record);
        change.Record(LedgerEntryKind.RecordPublished, record.Id, LedgerContent.Of(record));
        change.Notify(NotificationKind.RecordPublished, record.Id);
    }
}
