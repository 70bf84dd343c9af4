using Consultation.Application.Persistence;
using Consultation.Domain.Bodies;
using Consultation.Domain.Submissions;

namespace Consultation.Application.Search;

/// <summary>
/// The archive's full-text index over what the public reads: every consultation's proposal sections and every
/// submission's current version (withdrawn ones included, as their permanent links show them). Each database engine
/// brings its own (<see cref="Persistence.Sqlite.SqliteSearchIndex"/>: FTS5). An index is kept in step with the rows it covers
/// inside the transaction that writes them, so the write paths never call it.
/// </summary>
public interface ISearchIndex
{
    /// <summary>
    /// How far down a list of matches a reader can go, and how far they are counted. Past it the reader narrows the search:
    /// counting or ranking a few hundred thousand matches only to skip them costs a search its speed (docs/BENCHMARKS.md).
    /// </summary>
    public const int ResultLimit = 10_000;

    /// <summary>
    /// One page of what matches, in the <paramref name="order"/> asked for, and whether more follow it. The snippets mark each
    /// matching word between <see cref="Snippet.MatchStart"/> and <see cref="Snippet.MatchEnd"/>. With
    /// <paramref name="count"/> the matches are also counted, up to <see cref="ResultLimit"/>; without it nothing is
    /// counted (the API's cursor needs only to know whether a next page exists).
    /// </summary>
    Task<SearchIndexPage> SearchAsync(ConsultationDbContext db, SearchTerms terms, SearchFilter filter, SearchOrder order, int skip, int take,
        bool count, CancellationToken cancellationToken);
}

/// <summary>How a list of matches is ordered.</summary>
public enum SearchOrder
{
    /// <summary>
    /// What came into the archive last, first: a submission by the time of its current version, a proposal's sections by
    /// the time its consultation was put out. FTS5 reads its matches in this order itself, so a page costs the same
    /// however many match.
    /// </summary>
    Newest,

    /// <summary>
    /// The closest match first (bm25; a heading weighs twice the running text). Every match is ranked before the first
    /// is shown, so a search matching a large part of the archive takes longer.
    /// </summary>
    BestMatch,
}

/// <summary>
/// Narrows a search. Stance, body, kind of body and dates describe submissions, so giving any of them leaves the
/// proposal's sections out. <paramref name="SubmittedBefore"/> is exclusive.
/// </summary>
public sealed record SearchFilter(Guid? ConsultationId = null, Stance? Stance = null, BodyKind? BodyKind = null, Guid? BodyId = null,
    DateTimeOffset? SubmittedFrom = null, DateTimeOffset? SubmittedBefore = null)
{
    /// <summary>A filter over the UTC days <paramref name="from"/> to <paramref name="to"/>, both inclusive.</summary>
    public static SearchFilter Of(Guid? consultationId, Stance? stance, BodyKind? bodyKind, Guid? bodyId, DateOnly? from, DateOnly? to) =>
        new(consultationId, stance, bodyKind, bodyId,
            from is { } first ? new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
            // The last day there is has no day after it: up to it means no upper bound (found by fuzzing: it overflowed).
            to is { } last && last < DateOnly.MaxValue ? new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null);
}

/// <summary>A submission (its current version) or a proposal section as the consultation shows it.</summary>
public sealed record SearchIndexMatch(Guid ConsultationId, Guid? SubmissionId, Guid? ProposalSectionId, string Snippet);

/// <param name="More">Whether matches follow this page.</param>
/// <param name="Total">How many match, when they were counted: at most <see cref="ISearchIndex.ResultLimit"/>.</param>
/// <param name="Uncounted">Whether more than <see cref="ISearchIndex.ResultLimit"/> match, so <paramref name="Total"/> is a lower bound.</param>
public sealed record SearchIndexPage(IReadOnlyList<SearchIndexMatch> Matches, bool More, int? Total = null, bool Uncounted = false);

/// <summary>The engine could not read the search; the message tells the reader what to type instead.</summary>
public sealed class SearchNotUnderstoodException(string message, Exception inner) : Exception(message, inner);
