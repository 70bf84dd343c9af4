using Consultation.Domain.Submissions;

namespace Consultation.Domain.Tests;

public class TextDiffTests
{
    private static string Show(IEnumerable<DiffSegment> segments) => string.Concat(segments.Select(s => s.Kind switch
    {
        DiffKind.Removed => $"[-{s.Text}-]",
        DiffKind.Added => $"[+{s.Text}+]",
        _ => s.Text,
    }));

    [Fact]
    public void Identical_texts_are_one_unchanged_segment()
    {
        var diff = TextDiff.Words("The root zone is signed.", "The root zone is signed.");

        Assert.Equal([new DiffSegment(DiffKind.Unchanged, "The root zone is signed.")], diff);
    }

    [Fact]
    public void An_inserted_word_is_added_and_the_rest_unchanged()
    {
        Assert.Equal("We support the [+revised +]plan.", Show(TextDiff.Words("We support the plan.", "We support the revised plan.")));
    }

    [Fact]
    public void A_deleted_word_is_removed_and_the_rest_unchanged()
    {
        Assert.Equal("We [-strongly -]oppose it.", Show(TextDiff.Words("We strongly oppose it.", "We oppose it.")));
    }

    [Fact]
    public void Replaced_words_read_as_one_removal_then_one_addition()
    {
        Assert.Equal("Funding [-should come from registries-][+must be shared+] fairly.",
            Show(TextDiff.Words("Funding should come from registries fairly.", "Funding must be shared fairly.")));
    }

    [Fact]
    public void Changes_far_apart_stay_separate_with_the_words_between_unchanged()
    {
        Assert.Equal("[-One-][+Two+] day the CERT will [-open-][+close+].",
            Show(TextDiff.Words("One day the CERT will open.", "Two day the CERT will close.")));
    }

    [Theory]
    [InlineData("a  b\nc", "a b c")]
    [InlineData("a b c", "a\n\nb\tc")]
    public void Whitespace_alone_is_not_a_change_and_the_new_spacing_is_kept(string before, string after)
    {
        var diff = TextDiff.Words(before, after);

        Assert.Equal([new DiffSegment(DiffKind.Unchanged, after)], diff);
    }

    [Fact]
    public void Joining_the_segments_gives_back_both_versions()
    {
        const string before = "The ccNSO Council wrote on 2010-03-11: stakeholders were not consulted.";
        const string after = "On 2010-03-11 the ccNSO Council wrote: the stakeholders (RSSAC, SSAC) were not consulted at all.";

        var diff = TextDiff.Words(before, after);

        Assert.Equal(after, string.Concat(diff.Where(s => s.Kind != DiffKind.Removed).Select(s => s.Text)));
        Assert.Equal(before.Split(' '), string.Concat(diff.Where(s => s.Kind != DiffKind.Added).Select(s => s.Text)).Split(' '));
    }

    [Fact]
    public void From_nothing_everything_is_added_and_to_nothing_everything_removed()
    {
        Assert.Equal([new DiffSegment(DiffKind.Added, "new text")], TextDiff.Words("", "new text"));
        Assert.Equal([new DiffSegment(DiffKind.Removed, "old text")], TextDiff.Words("old text", ""));
    }

    [Fact]
    public void Html_looking_text_comes_back_as_the_same_plain_characters_for_the_page_to_encode()
    {
        var diff = TextDiff.Words("Plain words.", "Plain <script>alert(1)</script> words.");

        Assert.Equal("Plain [+<script>alert(1)</script> +]words.", Show(diff));
    }

    [Fact]
    public void A_middle_too_large_for_the_table_is_shown_as_removed_and_added_whole()
    {
        var before = "start " + string.Join(' ', Enumerable.Range(0, 1200).Select(i => $"a{i}")) + " end";
        var after = "start " + string.Join(' ', Enumerable.Range(0, 1200).Select(i => i % 2 == 0 ? $"a{i}" : $"b{i}")) + " end";

        var diff = TextDiff.Words(before, after);

        Assert.Equal([DiffKind.Unchanged, DiffKind.Removed, DiffKind.Added, DiffKind.Unchanged], diff.Select(s => s.Kind));
        Assert.Equal(after, string.Concat(diff.Where(s => s.Kind != DiffKind.Removed).Select(s => s.Text)));
    }
}
