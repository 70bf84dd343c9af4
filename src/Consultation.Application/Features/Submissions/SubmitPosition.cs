using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>
/// A member puts a position on a consultation, in their own name or for a body they hold a mandate for. A body has
/// one official position per consultation: a representative's new submission for it becomes its next version.
/// A retried request (same idempotency key) returns the first receipt instead of saving twice.
/// </summary>
public static class SubmitPosition
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Command(
        Guid ConsultationId,
        Guid? OnBehalfOfBodyId,
        Stance? Stance,
        string Text,
        bool IsBlockingObjection,
        string? BlockingReason,
        IReadOnlyList<Guid> CitedSectionIds,
        Guid? RepliesToSubmissionId,
        string? RatificationEvidence,
        DateOnly? RatifiedOn,
        IReadOnlyList<Guid> AttachmentTokens,
        Guid IdempotencyKey) : ICommand<SubmissionReceipt>, IPositionContent;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            Include(new PositionContentRules<Command>(clock));
            RuleFor(c => c.AttachmentTokens).Must(t => t.Count <= Attachment.MaxPerSubmission)
                .WithMessage($"Attach at most {Attachment.MaxPerSubmission} files.");
            RuleFor(c => c.IdempotencyKey).NotEmpty().WithMessage("Reload the form and submit again.");
            RuleFor(c => c.RatificationEvidence).Empty().When(c => c.OnBehalfOfBodyId is null)
                .WithMessage("Ratification evidence belongs to a body's official position: choose the body first.");
        }
    }

    public sealed class Handler(TimeProvider clock, ICurrentUser user, SubmissionWriter writer)
        : ICommandHandler<Command, SubmissionReceipt>
    {
        public async ValueTask<SubmissionReceipt> Handle(Command command, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            // The checks below (retry, one position per body) and the save are one step, in the write transaction.
            return await writer.WriteAsync((db, token) => WriteAsync(db, command, personId, token), cancellationToken);
        }

        private async Task<SubmissionWriter.Written> WriteAsync(ConsultationDbContext db, Command command, string personId,
            CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            if (await ShowReceipt.OfRequestAsync(db, personId, command.IdempotencyKey, cancellationToken) is { } retried)
                return new SubmissionWriter.AlreadySaved(retried);

            var consultation = await SubmissionWriter.ConsultationAsync(db, command.ConsultationId)
                               ?? throw new NotFoundException("That consultation does not exist.");
            await SubmissionWriter.CheckCitedSectionsAsync(db, consultation, command.CitedSectionIds, cancellationToken);

            var mandate = command.OnBehalfOfBodyId is { } bodyId
                ? await SubmissionWriter.MandateAsync(db, personId, bodyId, consultation.Id, now, cancellationToken)
                  ?? throw new AccessDeniedException("You hold no mandate to speak for that body in this consultation.")
                : null;
            var repliesTo = command.RepliesToSubmissionId is { } replyId
                ? await db.Submissions.SingleOrDefaultAsync(s => s.Id == replyId && s.ConsultationId == consultation.Id, cancellationToken)
                  ?? throw SubmissionWriter.Invalid(nameof(Command.RepliesToSubmissionId), "Choose a submission of this consultation to reply to.")
                : null;
            var content = PositionContentRules<Command>.ToContent(command);

            var bodyPosition = mandate is null || repliesTo is not null ? null : await db.Submissions.Include(s => s.Versions).ThenInclude(v => v.Attachments)
                .SingleOrDefaultAsync(s => s.ConsultationId == consultation.Id && s.OnBehalfOfBodyId == mandate.BodyId
                                           && s.RepliesToId == null && s.WithdrawnAt == null, cancellationToken);
            var ratification = PositionContentRules<Command>.RatificationOf(command);
            Submission submission;
            SubmissionVersion version;
            if (bodyPosition is not null)
            {
                submission = bodyPosition;
                version = submission.Revise(personId, consultation, content, now, mandate, command.IdempotencyKey, ratification);
                db.Touch(submission);
            }
            else
            {
                submission = Submission.Submit(consultation, personId, mandate, ratification, content, repliesTo, command.IdempotencyKey, now);
                version = submission.Current;
                db.Submissions.Add(submission);
            }
            var staged = await writer.AttachAsync(version, personId, [], command.AttachmentTokens, cancellationToken);
            return await writer.SaveAsync(db, submission, version, consultation, personId, revising: null, staged, cancellationToken);
        }
    }
}
