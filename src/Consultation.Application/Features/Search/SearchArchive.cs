using Consultation.Application.Persistence;
using Consultation.Application.Pipeline;
using Consultation.Application.Search;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Submissions;
using FluentValidation;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Features.Search;

/// <summary>
/// Full-text search of the public archive: proposal sections and submissions (their current versions; withdrawn ones
/// are found, marked withdrawn, as their permanent links show them), newest first or best match first, with the matching
/// words highlighted.
/// Only what the public pages show is read: never drafts, email addresses or review decisions.
/// </summary>
public static class SearchArchive
{
    public const int PageSize = 20;
    /// <summary>The last page that holds matches: a list goes as far as <see cref="ISearchIndex.ResultLimit"/>.</summary>
    public const int MaxPage = ISearchIndex.ResultLimit / PageSize;

    /// <param name="Text">What to search for (null: nothing asked yet, only the form's choices are returned).</param>
    /// <param name="From">First UTC day of submission, inclusive.</param>
    /// <param name="To">Last UTC day of submission, inclusive.</param>
    [AllowedFor(Audience.Anyone)]
    public sealed record Query(string? Text, string? Consultation = null, Stance? Stance = null, BodyKind? Kind = null, string? Body = null,
        DateOnly? From = null, DateOnly? To = null, int Page = 1, SearchOrder Order = SearchOrder.Newest) : IQuery<Result>;

    /// <param name="Total">How many match, counted up to <see cref="ISearchIndex.ResultLimit"/>.</param>
    /// <param name="Uncounted">More than <see cref="ISearchIndex.ResultLimit"/> match: only that many can be listed.</param>
    public sealed record Result(bool Searched, IReadOnlyList<Hit> Hits, int Total, int Page,
        IReadOnlyList<Choice> Consultations, IReadOnlyList<Choice> Bodies, bool Uncounted = false)
    {
        public int PageCount => (Total + PageSize - 1) / PageSize;
    }

    /// <summary>A consultation or body a search can be narrowed to.</summary>
    public sealed record Choice(string Slug, string Name);

    public enum HitKind
    {
        ProposalSection,
        Submission,
    }

    /// <summary>
    /// One match. <see cref="Link"/> is the submission's permanent link, or the section on its consultation's page.
    /// For a section, <see cref="Title"/> is its number and heading; for a submission, who it speaks for.
    /// </summary>
    public sealed record Hit(HitKind Kind, string ConsultationSlug, string ConsultationTitle, string Link, string Title,
        IReadOnlyList<SnippetPart> Snippet, Guid? SubmissionId = null, string? AuthorName = null, string? BodyName = null,
        BodyKind? BodyKind = null, Stance? Stance = null, DateTimeOffset? SubmittedAt = null, bool IsWithdrawn = false);

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Text).Custom((text, context) =>
            {
                if (text is not null && !SearchTerms.TryParse(text, out _, out var problem)) context.AddFailure(problem);
            });
            RuleFor(q => q.Consultation).Must(slug => slug is null || Slug.IsValid(slug)).WithMessage("That is not a consultation address.");
            RuleFor(q => q.Body).Must(slug => slug is null || Slug.IsValid(slug)).WithMessage("That is not a body's address.");
            RuleFor(q => q.Stance).IsInEnum().WithMessage("Choose a stance from the list.");
            RuleFor(q => q.Kind).IsInEnum().WithMessage("Choose a kind of body from the list.");
            RuleFor(q => q.To).Must((q, to) => q.From is null || to is null || q.From <= to)
                .WithMessage("The last day comes on or after the first day.");
            RuleFor(q => q.Page).InclusiveBetween(1, MaxPage)
                .WithMessage($"Pages are numbered from 1 to {MaxPage}; to go further, narrow the search.");
            RuleFor(q => q.Order).IsInEnum().WithMessage("Choose an order from the list.");
        }
    }

    public sealed class Handler(IDbContextFactory<ConsultationDbContext> factory, ISearchIndex index) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            var consultations = await db.Consultations.AsNoTracking().OrderByDescending(c => c.OpensAt)
                .Select(c => new { c.Id, c.Slug, c.Title }).ToListAsync(cancellationToken);
            var bodies = await db.Bodies.AsNoTracking().OrderBy(b => b.Acronym ?? b.Name)
                .Select(b => new { b.Id, b.Slug, Name = b.Acronym ?? b.Name }).ToListAsync(cancellationToken);
            var choices = (Consultations: consultations.Select(c => new Choice(c.Slug, c.Title)).ToList(),
                Bodies: bodies.Select(b => new Choice(b.Slug, b.Name)).ToList());
            Result Empty(bool searched) => new(searched, [], 0, query.Page, choices.Consultations, choices.Bodies);

            if (query.Text is null) return Empty(searched: false);
            var consultation = consultations.SingleOrDefault(c => c.Slug == query.Consultation);
            var body = bodies.SingleOrDefault(b => b.Slug == query.Body);
            // A filter naming nothing that exists (an old or mistyped link) matches nothing.
            if (query.Consultation is not null && consultation is null || query.Body is not null && body is null) return Empty(searched: true);

            var filter = SearchFilter.Of(consultation?.Id, query.Stance, query.Kind, body?.Id, query.From, query.To);
            SearchIndexPage page;
            try
            {
                page = await index.SearchAsync(db, SearchTerms.Parse(query.Text), filter, query.Order, (query.Page - 1) * PageSize, PageSize,
                    count: true, cancellationToken);
            }
            catch (SearchNotUnderstoodException refused)
            {
                throw new InputInvalidException(new Dictionary<string, string[]> { [nameof(Query.Text)] = [refused.Message] });
            }

            var hits = await HitsAsync(db, page.Matches, consultations.ToDictionary(c => c.Id, c => (c.Slug, c.Title)), cancellationToken);
            return new Result(true, hits, page.Total ?? 0, query.Page, choices.Consultations, choices.Bodies, page.Uncounted);
        }

        /// <summary>What the public pages show of each match, read from the archive's own rows (the index holds only the text).</summary>
        internal static async Task<IReadOnlyList<Hit>> HitsAsync(ConsultationDbContext db, IReadOnlyList<SearchIndexMatch> matches,
            Dictionary<Guid, (string Slug, string Title)> consultations, CancellationToken cancellationToken)
        {
            var submissionIds = matches.Where(m => m.SubmissionId is not null).Select(m => m.SubmissionId!.Value).ToList();
            var sectionIds = matches.Where(m => m.ProposalSectionId is not null).Select(m => m.ProposalSectionId!.Value).ToList();
            var submissions = await db.Submissions.AsNoTracking().Where(s => submissionIds.Contains(s.Id))
                .Select(s => new
                {
                    s.Id, s.AuthorId, s.WithdrawnAt,
                    Body = s.OnBehalfOfBody == null ? null : new { Name = s.OnBehalfOfBody.Acronym ?? s.OnBehalfOfBody.Name, s.OnBehalfOfBody.Kind },
                })
                .ToDictionaryAsync(s => s.Id, cancellationToken);
            // The current versions in a query of their own, by submission: as a subquery of the one above, EF made it a
            // window over every version in the archive (8 s a search at a million submissions, docs/BENCHMARKS.md).
            var current = (await db.SubmissionVersions.AsNoTracking().Where(v => submissionIds.Contains(v.SubmissionId))
                    .Select(v => new { v.SubmissionId, v.Number, v.Stance, v.SubmittedAt }).ToListAsync(cancellationToken))
                .GroupBy(v => v.SubmissionId).ToDictionary(g => g.Key, g => g.MaxBy(v => v.Number)!);
            var authorIds = submissions.Values.Select(s => s.AuthorId).Distinct().ToList();
            var authors = await db.Users.Where(u => authorIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, cancellationToken);
            var sections = await db.ProposalSections.AsNoTracking().Where(s => sectionIds.Contains(s.Id))
                .ToDictionaryAsync(s => s.Id, s => new { s.Number, s.Heading }, cancellationToken);

            var hits = new List<Hit>();
            foreach (var match in matches)
            {
                var (slug, title) = consultations[match.ConsultationId];
                var snippet = Snippet.Parts(match.Snippet);
                if (match.SubmissionId is { } submissionId && submissions.TryGetValue(submissionId, out var s) && current.TryGetValue(submissionId, out var version))
                {
                    var author = authors.GetValueOrDefault(s.AuthorId) ?? "A participant";
                    hits.Add(new Hit(HitKind.Submission, slug, title, $"/consultations/{slug}/submissions/{submissionId}", s.Body?.Name ?? author,
                        snippet, submissionId, author, s.Body?.Name, s.Body?.Kind, version.Stance, version.SubmittedAt, s.WithdrawnAt is not null));
                }
                else if (match.ProposalSectionId is { } sectionId && sections.TryGetValue(sectionId, out var section))
                    hits.Add(new Hit(HitKind.ProposalSection, slug, title, $"/consultations/{slug}#section-{section.Number}",
                        $"{section.Number} {section.Heading}", snippet));
            }
            return hits;
        }
    }
}
