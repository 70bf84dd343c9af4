using Bunit;
using Consultation.Application.Features.Submissions;
using Consultation.Domain.Submissions;
using Consultation.Web.Components.Shared;

namespace Consultation.Web.Tests;

public sealed class VersionChangesViewTests : BunitContext
{
    private static VersionChanges Changes(IReadOnlyList<DiffSegment> text, IReadOnlyList<FieldChange>? fields = null,
        IReadOnlyList<string>? removed = null, IReadOnlyList<string>? added = null) =>
        new(1, 2, text, fields ?? [], removed ?? [], added ?? []);

    [Fact]
    public void Removed_and_added_text_is_struck_and_underlined_markup_with_spoken_words_and_the_text_stays_text()
    {
        var cut = Render<VersionChangesView>(ps => ps.Add(p => p.Changes, Changes(
        [
            new(DiffKind.Unchanged, "Keep "), new(DiffKind.Removed, "<i>old</i>"), new(DiffKind.Added, "<script>alert(1)</script>"),
            new(DiffKind.Unchanged, " end."),
        ])));

        Assert.Equal("Keep removed: <i>old</i>added: <script>alert(1)</script> end.", cut.Find(".diff-text").TextContent);
        Assert.Empty(cut.FindAll(".diff-text i, .diff-text script"));
        Assert.Equal("removed: ", cut.Find(".diff-text del .visually-hidden").TextContent);
        Assert.Equal("added: ", cut.Find(".diff-text ins .visually-hidden").TextContent);
        Assert.Contains("&lt;script&gt;", cut.Markup);
    }

    [Fact]
    public void Changed_fields_and_files_are_listed_and_unchanged_text_is_said_to_be_unchanged()
    {
        var cut = Render<VersionChangesView>(ps => ps.Add(p => p.Changes, Changes([new(DiffKind.Unchanged, "Same.")],
            [new FieldChange("Stance", "Support", "Oppose")], ["old.pdf"], ["new.pdf"])));

        Assert.Equal("Stance", cut.Find("dl.changed-fields dt").TextContent);
        Assert.Equal(["removed: Support", "removed: old.pdf"], cut.FindAll("del").Select(d => d.TextContent));
        Assert.Equal(["added: Oppose", "added: new.pdf"], cut.FindAll("ins").Select(d => d.TextContent));
        Assert.Empty(cut.FindAll(".diff-text"));
        Assert.Contains("The text did not change.", cut.Markup);
    }

    [Fact]
    public void Nothing_changed_says_so()
    {
        var cut = Render<VersionChangesView>(ps => ps.Add(p => p.Changes, Changes([new(DiffKind.Unchanged, "Same.")])));

        Assert.Contains("Nothing changed between version 1 and version 2.", cut.Markup);
        Assert.Empty(cut.FindAll("del, ins"));
    }
}
