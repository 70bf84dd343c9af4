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
    /// One page of what matches, best first, and how many match in all. The snippets mark each matching word between
    /// <see cref="Snippet.MatchStart"/> and <see cref="Snippet.MatchEnd"/>.
    /// </summary>
    Task<SearchIndexPage> SearchAsync(ConsultationDbContext db, SearchTerms terms, SearchFilter filter, int skip, int take,
        CancellationToken cancellationToken);
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

public sealed record SearchIndexPage(IReadOnlyList<SearchIndexMatch> Matches, int Total);

/// <summary>The engine could not read the search; the message tells the reader what to type instead.</summary>
public sealed class SearchNotUnderstoodException(string message, Exception inner) : Exception(message, inner);
