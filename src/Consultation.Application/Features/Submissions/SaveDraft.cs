using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>
/// Saves the form as it stands, as the person types (debounced) and when they leave, so that coming back offers
/// it again. A draft need not be valid; it is private to its writer and removed when the submission is saved.
/// </summary>
public static class SaveDraft
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Command(Guid ConsultationId, Guid? RevisingSubmissionId, Guid? OnBehalfOfBodyId, Stance? Stance, string? Text,
        bool IsBlockingObjection, string? BlockingReason, IReadOnlyList<Guid> CitedSectionIds, Guid? RepliesToSubmissionId,
        string? RatificationEvidence, DateOnly? RatifiedOn) : ICommand<DateTimeOffset>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Text).MaximumLength(SubmissionDraft.MaxTextLength).WithMessage(PositionText.TooLong);
            RuleFor(c => c.BlockingReason).MaximumLength(5000);
            RuleFor(c => c.RatificationEvidence).MaximumLength(1000);
            RuleFor(c => c.CitedSectionIds).Must(ids => ids.Count <= PositionContentRules<SubmitPosition.Command>.MaxCitedSections);
        }
    }

    /// <returns>When the draft was saved.</returns>
    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user)
        : ICommandHandler<Command, DateTimeOffset>
    {
        public async ValueTask<DateTimeOffset> Handle(Command command, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            // The write lock first: two tabs saving the person's first draft at once would otherwise both find none and add two.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await db.Consultations.AnyAsync(c => c.Id == command.ConsultationId, cancellationToken))
                throw new NotFoundException("That consultation does not exist.");
            var now = clock.GetUtcNow();
            // A draft is private, but it is still not saved for a body one does not speak for or a submission one may not edit.
            if (command.OnBehalfOfBodyId is { } bodyId
                && await SubmissionWriter.MandateAsync(db, personId, bodyId, command.ConsultationId, now, cancellationToken) is null)
                throw new AccessDeniedException("You hold no mandate to speak for that body in this consultation.");
            if (command.RevisingSubmissionId is { } revising)
                await SubmissionWriter.RequireMaySpeakForAsync(db, await db.Submissions.SingleOrDefaultAsync(
                        s => s.Id == revising && s.ConsultationId == command.ConsultationId, cancellationToken)
                    ?? throw new NotFoundException("There is no such submission in this consultation."), personId, now, "edit", cancellationToken);
            var draft = await db.Drafts.FirstOrDefaultAsync(d => d.PersonId == personId && d.ConsultationId == command.ConsultationId
                                                                 && d.RevisingSubmissionId == command.RevisingSubmissionId, cancellationToken);
            if (draft is null)
                db.Drafts.Add(draft = new SubmissionDraft(personId, command.ConsultationId, command.RevisingSubmissionId, now));
            draft.Update(command.OnBehalfOfBodyId, command.Stance, command.Text, command.IsBlockingObjection, command.BlockingReason,
                command.CitedSectionIds, command.RepliesToSubmissionId, command.RatificationEvidence, command.RatifiedOn, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return now;
        }
    }
}
