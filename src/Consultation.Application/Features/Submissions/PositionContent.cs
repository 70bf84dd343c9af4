using Consultation.Domain.Submissions;
using FluentValidation;

namespace Consultation.Application.Features.Submissions;

/// <summary>What the submission form sends for one version, shared by submitting and revising.</summary>
public interface IPositionContent
{
    Stance? Stance { get; }
    string Text { get; }
    bool IsBlockingObjection { get; }
    string? BlockingReason { get; }
    IReadOnlyList<Guid> CitedSectionIds { get; }
    IReadOnlyList<Guid> AttachmentTokens { get; }
    string? RatificationEvidence { get; }
    DateOnly? RatifiedOn { get; }
}

/// <summary>The refusal of a text over the limit: the same words from the validators and from a form that cannot read it.</summary>
public static class PositionText
{
    public static string TooLong { get; } =
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"The text must be at most {SubmissionContent.MaxTextLength:N0} characters.");
}

/// <summary>The field rules of <see cref="IPositionContent"/>, included by each command's validator.</summary>
public sealed class PositionContentRules<T> : AbstractValidator<T> where T : IPositionContent
{
    public const int MaxCitedSections = 100;

    public PositionContentRules(TimeProvider clock)
    {
        RuleFor(c => c.Stance).NotNull().WithMessage("Choose a stance.").IsInEnum().WithMessage("Choose a stance.");
        RuleFor(c => c.Text).NotEmpty().WithMessage("Write the text of your submission.")
            .MaximumLength(SubmissionContent.MaxTextLength).WithMessage(PositionText.TooLong);
        RuleFor(c => c.BlockingReason).NotEmpty().When(c => c.IsBlockingObjection)
            .WithMessage("A blocking objection needs its reason stated; the reason is published with it.");
        RuleFor(c => c.BlockingReason).MaximumLength(5000).WithMessage("The reason must be at most 5,000 characters.");
        RuleFor(c => c.CitedSectionIds).Must(ids => ids.Count <= MaxCitedSections)
            .WithMessage($"Cite at most {MaxCitedSections} sections.");
        RuleFor(c => c.RatificationEvidence).MaximumLength(1000).WithMessage("The ratification evidence must be at most 1,000 characters.");
        RuleFor(c => c.RatificationEvidence).NotEmpty().When(c => c.RatifiedOn is not null)
            .WithMessage("Say how the position was adopted (for example “Adopted by the Council”).");
        RuleFor(c => c.RatifiedOn).Must(on => on is null || on <= DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime))
            .WithMessage("The adoption date cannot be in the future.");
    }

    public static Ratification? RatificationOf(T command) => string.IsNullOrWhiteSpace(command.RatificationEvidence)
        ? null : new Ratification(command.RatificationEvidence, command.RatifiedOn);

    public static SubmissionContent ToContent(T command) => new(command.Stance!.Value, command.Text, command.CitedSectionIds,
        command.IsBlockingObjection ? command.BlockingReason : null);
}
