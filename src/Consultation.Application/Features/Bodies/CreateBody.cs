using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

/// <summary>An administrator adds a stakeholder body, optionally within another (a registry within the ccNSO).</summary>
public static class CreateBody
{
    /// <summary>The width of the Acronym column (BodyConfigurations); the domain sets no limit of its own.</summary>
    public const int MaxAcronymLength = 40;
    public const string SlugTaken = "Another body already uses that slug.";

    [AllowedFor(Roles.Administrator)]
    public sealed record Command(string Slug, string Name, string? Acronym, BodyKind Kind, string? ParentSlug = null) : ICommand<Result>;

    public sealed record Result(string Slug);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<ConsultationDbContext> factory)
        {
            RuleFor(c => c.Slug).Cascade(CascadeMode.Stop)
                .Must(Slug.IsValid)
                .WithMessage($"A slug uses lower-case letters, digits and single hyphens, at most {Slug.MaxLength} characters (for example “ccnso”).")
                .MustAsync(async (slug, ct) => !await BodyRules.AnyAsync(factory, db => db.Bodies.Where(b => b.Slug == slug), ct))
                .WithMessage(SlugTaken);
            RuleFor(c => c.Name).NotEmpty().WithMessage("Enter the body's name.")
                .MaximumLength(StakeholderBody.MaxNameLength).WithMessage($"A body's name has at most {StakeholderBody.MaxNameLength} characters.");
            RuleFor(c => c.Acronym).MaximumLength(MaxAcronymLength).WithMessage($"An acronym has at most {MaxAcronymLength} characters.");
            RuleFor(c => c.Kind).IsInEnum().WithMessage("Choose the kind of body.");
            When(c => !string.IsNullOrEmpty(c.ParentSlug), () => RuleFor(c => c.ParentSlug).MustBeABody(factory));
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var body = new StakeholderBody(command.Slug, command.Name, command.Acronym, command.Kind);
            if (!string.IsNullOrEmpty(command.ParentSlug))
                body.PlaceUnder(await db.Bodies.SingleAsync(b => b.Slug == command.ParentSlug, cancellationToken));
            db.Bodies.Add(body);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                // Another administrator took the slug between validation and this save: still a field message.
                db.ChangeTracker.Clear();
                if (await db.Bodies.AnyAsync(b => b.Slug == command.Slug, cancellationToken))
                    throw new InputInvalidException(new Dictionary<string, string[]> { [nameof(Command.Slug)] = [SlugTaken] });
                throw;
            }
            return new Result(body.Slug);
        }
    }
}
