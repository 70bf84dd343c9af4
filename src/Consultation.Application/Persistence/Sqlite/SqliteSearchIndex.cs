using System.Data.Common;
using System.Globalization;
using Consultation.Application.Search;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Persistence.Sqlite;

/// <summary>
/// The archive's index on SQLite: the FTS5 table "SearchText" (tokenizer unicode61 with diacritics removed) over the
/// view "SearchContent", with one "SearchDocuments" row per indexed thing carrying the filter columns. Triggers made by
/// the ArchiveSearchIndex migration (the submission's since replaced by SearchOrderFollowsCurrentVersion, then by
/// SearchTriggerReadsTheVersion) keep all three in step with every write, inside its transaction; "SearchTextTerms" (fts5vocab) lists the words the index holds.
/// </summary>
/// <remarks>
/// FTS drives every query: the MATCH is the outer loop and FTS5 itself yields the matches in the order asked for, so
/// SQLite sorts nothing; each match then reads its one document row by integer key for the filters, and LIMIT stops
/// the scan at the end of the page. CROSS JOIN keeps that order of the loops whatever indexes the documents get.
/// Newest first is the rowid's order, read backwards from the doclists as far as the page needs: a document's rowid is
/// given when its text is indexed (a new version is given a new one, migration SearchOrderFollowsCurrentVersion).
/// Best match ranks every match (bm25) before yielding the first.
/// </remarks>
/// <param name="resultLimit">How far a list goes (<see cref="ISearchIndex.ResultLimit"/>; smaller in tests, which cannot submit ten thousand).</param>
public sealed class SqliteSearchIndex(int resultLimit) : ISearchIndex
{
    public SqliteSearchIndex() : this(ISearchIndex.ResultLimit) { }

    private const string From = """
        FROM "SearchText" CROSS JOIN "SearchDocuments" AS d ON d."Id" = "SearchText"."rowid"
        WHERE "SearchText" MATCH $match
        """;

    /// <summary>
    /// The statement that reads one page (public for the query-plan check). The snippet comes from the running text; a
    /// submission found by its blocking objection's reason alone shows that reason instead. (A section found by its
    /// heading alone shows how its text begins: the heading is its title already.)
    /// </summary>
    public static string PageSql(SearchFilter filter, SearchOrder order) => $"""
        SELECT d."ConsultationId", d."SubmissionId", d."ProposalSectionId",
               CASE WHEN d."SubmissionId" IS NOT NULL AND instr({SnippetOf(1)}, char({(int)Snippet.MatchStart})) = 0
                    THEN {SnippetOf(0)} ELSE {SnippetOf(1)} END
        {From}{Conditions(filter)}
        ORDER BY {(order == SearchOrder.BestMatch ? "\"SearchText\".\"rank\"" : "\"SearchText\".\"rowid\" DESC")}
        LIMIT $take OFFSET $skip
        """;

    private static string SnippetOf(int column) =>
        $"""snippet("SearchText", {column}, char({(int)Snippet.MatchStart}), char({(int)Snippet.MatchEnd}), '…', 32)""";

    /// <summary>
    /// Counts up to one past the result limit, in no particular order. Without filters FTS5 counts its matches alone, from
    /// its doclists, without joining each to its document: the triggers give every indexed row one.
    /// </summary>
    private static string CountSql(SearchFilter filter) => Conditions(filter) is { Length: > 0 } conditions
        ? $"SELECT count(*) FROM (SELECT 1 {From}{conditions} LIMIT $countTo)"
        : """SELECT count(*) FROM (SELECT 1 FROM "SearchText" WHERE "SearchText" MATCH $match LIMIT $countTo)""";

    public async Task<SearchIndexPage> SearchAsync(ConsultationDbContext db, SearchTerms terms, SearchFilter filter, SearchOrder order, int skip,
        int take, bool count, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(take);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        // One snapshot for the count and the page, so that the two agree while writers go on (deferred: it takes no lock).
        await using var snapshot = connection.BeginTransaction(deferred: true);
        // Outside the try below: the words are read with parameters only, so an error here is the database's, not the reader's.
        var match = await MatchAsync(connection, snapshot, terms, cancellationToken);
        try
        {
            int? total = null;
            if (count)
            {
                await using var counting = Command(connection, snapshot, CountSql(filter), match, filter);
                counting.Parameters.AddWithValue("$countTo", resultLimit + 1);
                total = Convert.ToInt32(await counting.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            }
            // Nothing past the limit is read; one match more than the page tells whether another page follows.
            var reach = Math.Min(take, resultLimit - skip);
            var matches = new List<SearchIndexMatch>();
            if (reach > 0 && (total is null || total > skip))
            {
                await using var page = Command(connection, snapshot, PageSql(filter, order), match, filter);
                page.Parameters.AddWithValue("$take", reach + 1);
                page.Parameters.AddWithValue("$skip", skip);
                await using var reader = await page.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                    matches.Add(new SearchIndexMatch(Guid.Parse(reader.GetString(0)), GuidOrNull(reader, 1), GuidOrNull(reader, 2), reader.GetString(3)));
            }
            var more = matches.Count > reach && skip + reach < resultLimit;
            if (matches.Count > reach) matches.RemoveAt(reach);
            return total > resultLimit
                ? new SearchIndexPage(matches, more, resultLimit, Uncounted: true)
                : new SearchIndexPage(matches, more, total);
        }
        catch (SqliteException failure) when (failure.SqliteErrorCode == SQLitePCL.raw.SQLITE_ERROR)
        {
            // The statements are fixed and only the match expression varies, so a plain SQL error is about what the reader
            // typed. The terms are quoted, so FTS5 should never find its own syntax in them; if it ever does, a message.
            throw new SearchNotUnderstoodException("This search cannot be read. Search for plain words, or an exact phrase in quotation marks.", failure);
        }
    }

    /// <summary>At most this many words stand for one beginning; more, and FTS5's own prefix query is used.</summary>
    public const int MaxSpelledOut = 16;

    /// <summary>
    /// A shorter beginning is left to FTS5: reading its words costs each word's whole list of documents (fts5vocab counts
    /// them), and one or two letters begin more than <see cref="MaxSpelledOut"/> common words anyway.
    /// </summary>
    public const int MinSpelledOut = 3;

    /// <summary>
    /// The match expression, with each beginning of plain letters and digits (typed as <c>secur*</c>) spelled out as the
    /// words the index holds that begin so, when there are at most <see cref="MaxSpelledOut"/>. FTS5's prefix query
    /// merges every such word's whole list of documents before it yields one (75 ms for 450,000 documents, where the word
    /// spelled out takes 1 ms); alternatives are read lazily, as far as the page needs. Only ASCII letters and digits: the
    /// tokenizer keeps those as they are but for case, so the words read from "SearchTextTerms" match exactly the documents
    /// the prefix matches. (Best match ranks the alternatives a little differently from one prefix.)
    /// </summary>
    public static async Task<string> MatchAsync(SqliteConnection connection, SqliteTransaction? snapshot, SearchTerms terms,
        CancellationToken cancellationToken)
    {
        var spelledOut = new Dictionary<SearchTerm, IReadOnlyList<string>>();
        foreach (var term in terms.Required.SelectMany(group => group).Concat(terms.Excluded))
        {
            if (!term.IsPrefix || term.Text.Length < MinSpelledOut || spelledOut.ContainsKey(term) || !term.Text.All(char.IsAsciiLetterOrDigit)) continue;
            var prefix = term.Text.ToLowerInvariant();
            await using var words = connection.CreateCommand();
            words.Transaction = snapshot;
            words.CommandText = """SELECT "term" FROM "SearchTextTerms" WHERE "term" >= $from AND "term" < $to LIMIT $most""";
            words.Parameters.AddWithValue("$from", prefix);
            words.Parameters.AddWithValue("$to", prefix[..^1] + (char)(prefix[^1] + 1));
            words.Parameters.AddWithValue("$most", MaxSpelledOut + 1);
            var found = new List<string>();
            await using var reader = await words.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken)) found.Add(reader.GetString(0));
            // None: the prefix query finds nothing either, at no cost. Too many: FTS5's prefix query is the cheaper.
            if (found.Count is > 0 and <= MaxSpelledOut) spelledOut[term] = found;
        }
        return MatchExpression(terms, spelledOut);
    }

    /// <summary>The terms in FTS5's syntax: every term a quoted string, so no operator or column name can come from the reader.</summary>
    public static string MatchExpression(SearchTerms terms) => MatchExpression(terms, new Dictionary<SearchTerm, IReadOnlyList<string>>());

    /// <summary>As <see cref="MatchExpression(SearchTerms)"/>, with each prefix in <paramref name="spelledOut"/> written as its words.</summary>
    private static string MatchExpression(SearchTerms terms, IReadOnlyDictionary<SearchTerm, IReadOnlyList<string>> spelledOut)
    {
        var required = string.Join(" AND ", terms.Required.Select(group =>
            group.Count == 1 ? Quote(group[0]) : "(" + string.Join(" OR ", group.Select(Quote)) + ")"));
        return terms.Excluded.Count == 0
            ? required
            : $"({required}) NOT ({string.Join(" OR ", terms.Excluded.Select(Quote))})";

        string Quote(SearchTerm term) => spelledOut.TryGetValue(term, out var words)
            ? "(" + string.Join(" OR ", words.Select(word => Quoted(word, prefix: false))) + ")"
            : Quoted(term.Text, term.IsPrefix);
        static string Quoted(string text, bool prefix) => "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" + (prefix ? "*" : "");
    }

    private static string Conditions(SearchFilter filter)
    {
        var conditions = new List<string>();
        if (filter.ConsultationId is not null) conditions.Add("""d."ConsultationId" = $consultation""");
        if (filter.Stance is not null) conditions.Add("""d."Stance" = $stance""");
        if (filter.BodyKind is not null) conditions.Add("""d."BodyKind" = $kind""");
        if (filter.BodyId is not null) conditions.Add("""d."BodyId" = $body""");
        if (filter.SubmittedFrom is not null) conditions.Add("""d."SubmittedAt" >= $from""");
        if (filter.SubmittedBefore is not null) conditions.Add("""d."SubmittedAt" < $before""");
        return string.Concat(conditions.Select(c => "\n  AND " + c));
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction transaction, string sql, string match, SearchFilter filter)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$match", match);
        // The same text as the columns hold (UtcInstantConverter, enum names, Guid text), so that comparisons are exact.
        if (filter.ConsultationId is { } consultation) command.Parameters.AddWithValue("$consultation", Text(consultation));
        if (filter.Stance is { } stance) command.Parameters.AddWithValue("$stance", stance.ToString());
        if (filter.BodyKind is { } kind) command.Parameters.AddWithValue("$kind", kind.ToString());
        if (filter.BodyId is { } body) command.Parameters.AddWithValue("$body", Text(body));
        if (filter.SubmittedFrom is { } from) command.Parameters.AddWithValue("$from", Instant(from));
        if (filter.SubmittedBefore is { } before) command.Parameters.AddWithValue("$before", Instant(before));
        return command;
    }

    private static string Text(Guid id) => id.ToString().ToUpperInvariant();
    private static string Instant(DateTimeOffset at) => at.UtcDateTime.ToString(UtcInstantConverter.Format, CultureInfo.InvariantCulture);
    private static Guid? GuidOrNull(DbDataReader reader, int column) => reader.IsDBNull(column) ? null : Guid.Parse(reader.GetString(column));
}
