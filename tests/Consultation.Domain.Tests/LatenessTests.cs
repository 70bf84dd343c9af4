using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

/// <summary>Lateness belongs to each version: a text that arrives within an extension is marked late, whenever the first one came.</summary>
public sealed class LatenessTests
{
    [Fact]
    public void A_revision_made_within_the_extension_is_late_though_the_first_version_was_on_time()
    {
        var consultation = Extended();
        var comment = Comment(consultation, DuringComments);

        var revision = comment.Revise(Author, consultation, Content("Illustrative second thoughts."), DuringExtension);

        Assert.False(comment.IsLate);
        Assert.False(comment.Versions[0].IsLate);
        Assert.True(revision.IsLate);
    }

    [Fact]
    public void A_first_version_made_within_the_extension_is_late_like_its_submission()
    {
        var comment = Comment(Extended(), DuringExtension);

        Assert.True(comment.IsLate);
        Assert.True(comment.Current.IsLate);
    }
}
