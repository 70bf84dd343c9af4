using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Submissions;

/// <summary>Editing a submission before the close: a new version; the earlier ones stay, and stay public.</summary>
public static class ReviseSubmission
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Command(
        Guid SubmissionId,
        Stance? Stance,
        string Text,
        bool IsBlockingObjection,
        string? BlockingReason,
        IReadOnlyList<Guid> CitedSectionIds,
        IReadOnlyList<Guid> KeptAttachmentIds,
        IReadOnlyList<Guid> AttachmentTokens,
        string? RatificationEvidence,
        DateOnly? RatifiedOn,
        Guid IdempotencyKey) : ICommand<SubmissionReceipt>, IPositionContent;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(TimeProvider clock)
        {
            Include(new PositionContentRules<Command>(clock));
            RuleFor(c => c.AttachmentTokens).Must((c, tokens) => tokens.Count + c.KeptAttachmentIds.Count <= Attachment.MaxPerSubmission)
                .WithMessage($"Attach at most {Attachment.MaxPerSubmission} files.");
            RuleFor(c => c.IdempotencyKey).NotEmpty().WithMessage("Reload the form and submit again.");
        }
    }

    public sealed class Handler(TimeProvider clock, ICurrentUser user, SubmissionWriter writer)
        : ICommandHandler<Command, SubmissionReceipt>
    {
        public async ValueTask<SubmissionReceipt> Handle(Command command, CancellationToken cancellationToken)
        {
            var personId = user.RequirePersonId();
            return await writer.WriteAsync((db, token) => WriteAsync(db, command, personId, token), cancellationToken);
        }

        private async Task<SubmissionWriter.Written> WriteAsync(ConsultationDbContext db, Command command, string personId,
            CancellationToken cancellationToken)
        {
            var now = clock.GetUtcNow();
            if (await ShowReceipt.OfRequestAsync(db, personId, command.IdempotencyKey, cancellationToken) is { } retried)
                return new SubmissionWriter.AlreadySaved(retried);

            var submission = await db.Submissions.Include(s => s.Versions).ThenInclude(v => v.Attachments)
                                 .SingleOrDefaultAsync(s => s.Id == command.SubmissionId, cancellationToken)
                             ?? throw new NotFoundException("There is no such submission.");
            var consultation = await SubmissionWriter.ConsultationAsync(db, submission.ConsultationId)
                               ?? throw new InvalidOperationException($"Submission {submission.Id} names no consultation that exists.");
            await SubmissionWriter.CheckCitedSectionsAsync(db, consultation, command.CitedSectionIds, cancellationToken);
            var mandate = await SubmissionWriter.RequireMaySpeakForAsync(db, submission, personId, now, "edit", cancellationToken);
            var kept = submission.Current.Attachments.Where(a => command.KeptAttachmentIds.Contains(a.Id)).ToList();

            var version = submission.Revise(personId, consultation, PositionContentRules<Command>.ToContent(command), now, mandate,
                command.IdempotencyKey, PositionContentRules<Command>.RatificationOf(command));
            db.Touch(submission);
            var staged = await writer.AttachAsync(version, personId, kept, command.AttachmentTokens, cancellationToken);
            return await writer.SaveAsync(db, submission, version, consultation, personId, submission.Id, staged, cancellationToken);
        }
    }
}
