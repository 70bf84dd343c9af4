using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using FluentValidation;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Bodies;

/// <summary>The input rules the administration commands share: a body, an account and a consultation named by the request exist.</summary>
internal static class BodyRules
{
    public const string NoSuchBody = "There is no body with that slug.";

    // Identity's default normaliser, so an address matches however its letters were typed.
    private static readonly UpperInvariantLookupNormalizer Normalizer = new();

    public static IQueryable<Person> WithEmail(this IQueryable<Person> people, string email)
    {
        var normalized = Normalizer.NormalizeEmail(email.Trim());
        return people.Where(p => p.NormalizedEmail == normalized);
    }

    public static IRuleBuilderOptions<T, string?> MustBeABody<T>(this IRuleBuilder<T, string?> rule, IDbContextFactory<ConsultationDbContext> factory) =>
        rule.MustAsync((slug, ct) => AnyAsync(factory, db => db.Bodies.Where(b => b.Slug == slug), ct)).WithMessage(NoSuchBody);

    public static IRuleBuilderOptions<T, string?> MustBeAConsultation<T>(this IRuleBuilder<T, string?> rule, IDbContextFactory<ConsultationDbContext> factory) =>
        rule.MustAsync((slug, ct) => AnyAsync(factory, db => db.Consultations.Where(c => c.Slug == slug), ct))
            .WithMessage("There is no consultation with that slug.");

    public static IRuleBuilderOptions<T, string> MustBeAnAccount<T>(this IRuleBuilderInitial<T, string> rule, IDbContextFactory<ConsultationDbContext> factory) =>
        rule.Cascade(CascadeMode.Stop)
            .NotEmpty().WithMessage("Enter the person's email address.")
            .MustAsync((email, ct) => AnyAsync(factory, db => db.Users.WithEmail(email), ct)).WithMessage("No account uses that email address.");

    /// <summary>Validators are singletons: each check takes its own short-lived context.</summary>
    public static async Task<bool> AnyAsync<TRow>(IDbContextFactory<ConsultationDbContext> factory,
        Func<ConsultationDbContext, IQueryable<TRow>> rows, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await rows(db).AnyAsync(cancellationToken);
    }

    /// <summary>The body and the person a grant names; the validator has made sure both exist.</summary>
    public static async Task<(Guid BodyId, string PersonId)> BodyAndPersonAsync(this ConsultationDbContext db, string bodySlug, string email,
        CancellationToken cancellationToken) =>
        (await db.Bodies.Where(b => b.Slug == bodySlug).Select(b => b.Id).SingleAsync(cancellationToken),
         await db.Users.WithEmail(email).Select(p => p.Id).SingleAsync(cancellationToken));
}
