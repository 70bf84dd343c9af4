using Consultation.Application.Features.Search;
using Consultation.Application.Tests.Submissions;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests.Search;

/// <summary>Search tests submit, revise and withdraw, so each gets its own copy of the seeded database.</summary>
public abstract class SearchTestBase : SubmissionTestBase
{
    protected Task<SearchArchive.Result> SearchAsync(string text, string? consultation = null, Domain.Submissions.Stance? stance = null,
        Domain.Bodies.BodyKind? kind = null, string? body = null, DateOnly? from = null, DateOnly? to = null, int page = 1,
        Application.Search.SearchOrder order = Application.Search.SearchOrder.Newest) =>
        SendAsync(new SearchArchive.Query(text, consultation, stance, kind, body, from, to, page, order));

    protected Task AssertIndexInStepAsync() => AssertIndexInStepAsync(App);

    /// <summary>
    /// FTS5's own check of the index against the text it indexes (it fails if they differ in any row), and one document
    /// for every submission and for every section of every consultation.
    /// </summary>
    internal static async Task AssertIndexInStepAsync(AppHarness app)
    {
        await using var db = app.NewDbContext();
        await db.Database.ExecuteSqlRawAsync("""INSERT INTO "SearchText" ("SearchText", "rank") VALUES ('integrity-check', 1)""");
        var documents = await db.Database.SqlQueryRaw<int>("""SELECT count(*) AS "Value" FROM "SearchDocuments" """).SingleAsync();
        var expected = await db.Submissions.CountAsync()
                       + await db.Consultations.SelectMany(c => db.ProposalSections.Where(s => s.ProposalVersionId == c.ProposalVersionId)).CountAsync();
        Assert.Equal(expected, documents);
    }
}
