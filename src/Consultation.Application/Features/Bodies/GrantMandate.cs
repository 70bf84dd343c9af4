using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Application.Security;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

/// <summary>
/// An administrator lets a person speak for a body: for a term (from, and optionally until, UTC instants; the end is
/// exclusive) or for one consultation only, from now on.
/// </summary>
public static class GrantMandate
{
    public const string NoTermForOneConsultation = "A mandate for one consultation has no term: leave the dates empty.";

    [AllowedFor(Roles.Administrator)]
    public sealed record Command(string BodySlug, string PersonEmail, DateTimeOffset? ValidFrom = null, DateTimeOffset? ValidUntil = null,
        string? ConsultationSlug = null) : ICommand<Result>;

    public sealed record Result(Guid MandateId);

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator(IDbContextFactory<ConsultationDbContext> factory)
        {
            RuleFor(c => c.BodySlug).MustBeABody(factory);
            RuleFor(c => c.PersonEmail).MustBeAnAccount(factory);
            When(c => string.IsNullOrEmpty(c.ConsultationSlug), () =>
                RuleFor(c => c.ValidFrom).NotNull().WithMessage("Give the day the term starts, or choose the one consultation the mandate is for."))
            .Otherwise(() =>
            {
                RuleFor(c => c.ConsultationSlug).MustBeAConsultation(factory);
                RuleFor(c => c.ValidFrom).Null().WithMessage(NoTermForOneConsultation);
                RuleFor(c => c.ValidUntil).Null().WithMessage(NoTermForOneConsultation);
            });
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, ICurrentUser user, ISecurityLog log)
        : ICommandHandler<Command, Result>
    {
        public async ValueTask<Result> Handle(Command command, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var (bodyId, personId) = await db.BodyAndPersonAsync(command.BodySlug, command.PersonEmail, cancellationToken);
            var (grantedBy, now) = (user.RequirePersonId(), clock.GetUtcNow());
            var mandate = string.IsNullOrEmpty(command.ConsultationSlug)
                ? Mandate.ForTerm(personId, bodyId, command.ValidFrom!.Value, command.ValidUntil, grantedBy, now)
                : Mandate.ForConsultation(personId, bodyId,
                    await db.Consultations.Where(c => c.Slug == command.ConsultationSlug).Select(c => c.Id).SingleAsync(cancellationToken),
                    grantedBy, now);
            await db.EndSessionsOfAsync(personId, cancellationToken);
            db.Mandates.Add(mandate);
            db.SecurityEvents.Add(log.Of(SecurityEventKind.MandateGranted, grantedBy,
                $"Mandate {mandate.Id} for {command.PersonEmail} to speak for {command.BodySlug}" + (command.ConsultationSlug is { Length: > 0 } slug ? $" on {slug}" : "")));
            await db.SaveChangesAsync(cancellationToken);
            return new Result(mandate.Id);
        }
    }
}
