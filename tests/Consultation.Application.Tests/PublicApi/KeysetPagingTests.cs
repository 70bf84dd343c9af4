using Consultation.Application.Features.PublicApi;
using Consultation.Application.Pipeline;
using Consultation.Application.Tests.Submissions;

namespace Consultation.Application.Tests.PublicApi;

/// <summary>The API's keyset paging where it is hardest: many submissions at the same instant (the test clock stands still).</summary>
public sealed class KeysetPagingTests : SubmissionTestBase
{
    private static readonly Uri Site = new("https://portal.example/");

    [Fact]
    public async Task Submissions_at_the_same_instant_are_paged_exactly_once_in_a_stable_order()
    {
        for (var i = 0; i < 5; i++) await SubmitOpenAsync(i % 2 == 0 ? People.Member : People.RepIsoc, $"Simultaneous position {i}.");

        var all = await SendAsync(new BrowseSubmissions.Query(Site, Slugs.OpenForComment, Limit: ApiCursor.MaxLimit));
        Assert.Null(all.Next);
        Assert.True(all.Items.Count(s => s.SubmittedAt == Now) >= 5);

        var walked = new List<Guid>();
        string? cursor = null;
        do
        {
            var page = await SendAsync(new BrowseSubmissions.Query(Site, Slugs.OpenForComment, cursor, Limit: 2));
            walked.AddRange(page.Items.Select(s => s.Id));
            cursor = page.Next;
        } while (cursor is not null);

        Assert.Equal(all.Items.Select(s => s.Id), walked);
    }

    [Fact]
    public async Task A_cursor_of_another_list_or_a_limit_out_of_range_is_refused_by_name()
    {
        var organizations = await SendAsync(new BrowseOrganizations.Query(Site, Limit: 1));
        Assert.NotNull(organizations.Next);

        var wrongCursor = await Assert.ThrowsAsync<InputInvalidException>(() =>
            SendAsync(new BrowseSubmissions.Query(Site, Slugs.OpenForComment, organizations.Next)));
        Assert.Equal([nameof(BrowseSubmissions.Query.Cursor)], wrongCursor.Errors.Keys);
        var tooMany = await Assert.ThrowsAsync<InputInvalidException>(() => SendAsync(new BrowseLedger.Query(Limit: ApiCursor.MaxLimit + 1)));
        Assert.Equal([nameof(BrowseLedger.Query.Limit)], tooMany.Errors.Keys);
    }
}
