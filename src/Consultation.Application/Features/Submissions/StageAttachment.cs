using Consultation.Application.Attachments;
using Consultation.Application.Pipeline;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;

namespace Consultation.Application.Features.Submissions;

/// <summary>Checks an uploaded file by its content and sets it aside until the submission it belongs to is saved.</summary>
public static class StageAttachment
{
    [AllowedFor(Audience.SignedIn)]
    public sealed record Command(string FileName, byte[] Content) : ICommand<StagedAttachment>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.FileName).NotEmpty().MaximumLength(255).WithMessage("The file needs a name of at most 255 characters.")
                // The name kept is the last segment (the store and the domain take Path.GetFileName): "folder/" has none.
                .Must(name => string.IsNullOrWhiteSpace(name) || !string.IsNullOrWhiteSpace(Path.GetFileName(name)))
                .WithMessage("The file needs a name of at most 255 characters.");
            RuleFor(c => c.Content)
                .Must(content => content.LongLength <= Attachment.MaxBytes)
                .WithMessage(c => $"“{c.FileName}” is larger than 10 MB.")
                .Must(content => AttachmentContent.Identify(content) is not null)
                .WithMessage(c => $"“{c.FileName}” is neither a PDF nor plain text. Attach a PDF or a .txt file.");
        }
    }

    public sealed class Handler(AttachmentStore store, ICurrentUser user) : ICommandHandler<Command, StagedAttachment>
    {
        public async ValueTask<StagedAttachment> Handle(Command command, CancellationToken cancellationToken)
        {
            var contentType = AttachmentContent.Identify(command.Content)!;
            // The name's extension follows the content, so that "notes.html" (which is plain text) downloads as notes.txt.
            var fileName = Path.ChangeExtension(Path.GetFileName(command.FileName), contentType == "application/pdf" ? ".pdf" : ".txt");
            return await store.StageAsync(user.RequirePersonId(), fileName, contentType, command.Content, cancellationToken);
        }
    }
}
