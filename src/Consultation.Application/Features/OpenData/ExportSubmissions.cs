using System.Runtime.CompilerServices;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.OpenData;

/// <summary>One submission as the open-data exports carry it: only what the public pages show.</summary>
/// <remarks>
/// Never an email address, a draft or an answer not yet published: the row is projected column by column from the
/// database, so a field added to the entities later cannot leak into the exports by accident.
/// </remarks>
public sealed record ExportedSubmission(Guid Id, string Permalink, string ConsultationSlug, string ConsultationTitle, string AuthorName,
    string? BodyName, string? BodyAcronym, BodyKind? BodyKind, Stance Stance, string? BlockingReason, DateTimeOffset SubmittedAt,
    int CurrentVersion, DateTimeOffset CurrentVersionAt, string ContentHash, DateTimeOffset? WithdrawnAt, Guid? RepliesToId,
    Disposition? Disposition, string? Response, DateTimeOffset? ResponsePublishedAt, string Text);

/// <summary>
/// The submissions of one consultation, or of the whole archive when no slug is given, for the CSV, JSON and JSON Lines
/// exports. The rows are read lazily while the caller writes them, so an export of any size is never held in memory.
/// </summary>
public static class ExportSubmissions
{
    /// <param name="Site">The portal's address as the reader reached it, so that permalinks in a downloaded file work.</param>
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string? Slug, Uri Site) : IQuery<Result>;

    /// <summary><see cref="Submissions"/> opens its own database context when enumerated and closes it at the end.</summary>
    public sealed record Result(IAsyncEnumerable<ExportedSubmission> Submissions);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Slug).Must(slug => slug is null || Slug.IsValid(slug)).WithMessage("That is not a consultation address.");
            RuleFor(q => q.Site).Must(site => site.IsAbsoluteUri).WithMessage("The portal's address must be absolute.");
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            // Checked before anything is written, so that an unknown consultation is a 404 rather than an empty file.
            if (query.Slug is { } slug)
            {
                await using var db = await factory.CreateDbContextAsync(cancellationToken);
                if (!await db.Consultations.AnyAsync(c => c.Slug == slug, cancellationToken))
                    throw new NotFoundException($"There is no consultation at /consultations/{slug}.");
            }
            return new Result(ReadAsync(query.Slug, query.Site, cancellationToken));
        }

        private async IAsyncEnumerable<ExportedSubmission> ReadAsync(string? slug, Uri site,
            [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var rows = from s in db.Submissions.AsNoTracking()
                join c in db.Consultations on s.ConsultationId equals c.Id
                join v in db.SubmissionVersions on s.Id equals v.SubmissionId
                where (slug == null || c.Slug == slug)
                      && v.Number == db.SubmissionVersions.Where(x => x.SubmissionId == s.Id).Max(x => x.Number)
                orderby c.OpensAt, c.Slug, s.FirstSubmittedAt, s.Id
                select new
                {
                    s.Id, c.Slug, c.Title,
                    Author = db.Users.Where(u => u.Id == s.AuthorId).Select(u => u.DisplayName).FirstOrDefault(),
                    BodyName = s.OnBehalfOfBody == null ? null : s.OnBehalfOfBody.Name,
                    BodyAcronym = s.OnBehalfOfBody == null ? null : s.OnBehalfOfBody.Acronym,
                    BodyKind = s.OnBehalfOfBody == null ? null : (BodyKind?)s.OnBehalfOfBody.Kind,
                    v.Stance, v.BlockingReason, s.FirstSubmittedAt, v.Number, VersionAt = v.SubmittedAt, v.ContentHash,
                    s.WithdrawnAt, s.RepliesToId,
                    // Only a published answer (as PublicOutcome reads it); the latest, should a consultation be reviewed twice.
                    Answer = db.ReviewItems
                        .Where(i => i.SubmissionId == s.Id && i.ResponsePublishedAt != null && i.Disposition != null
                                    && i.Response != null && i.Response.Trim() != "")
                        .OrderByDescending(i => i.ResponsePublishedAt)
                        .Select(i => new { i.Disposition, i.Response, i.ResponsePublishedAt })
                        .FirstOrDefault(),
                    v.Text,
                };

            await foreach (var row in rows.AsAsyncEnumerable().WithCancellation(cancellationToken))
                yield return new ExportedSubmission(row.Id, new Uri(site, $"/consultations/{row.Slug}/submissions/{row.Id}").AbsoluteUri,
                    row.Slug, row.Title, string.IsNullOrWhiteSpace(row.Author) ? Person.FormerParticipant : row.Author,
                    row.BodyName, row.BodyAcronym, row.BodyKind, row.Stance, row.BlockingReason, row.FirstSubmittedAt,
                    row.Number, row.VersionAt, row.ContentHash, row.WithdrawnAt, row.RepliesToId,
                    row.Answer?.Disposition, row.Answer?.Response, row.Answer?.ResponsePublishedAt, row.Text);
        }
    }
}
