using Consultation.Domain.Proposals;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public class ProposalTests
{
    private static readonly (string, string, string)[] Sections =
        [("1", "Introduction", "Illustrative text."), ("2", "Business case", ""), ("2.1", "Costs", "")];

    private static Proposal BusinessCase() => new("Global DNS-CERT Business Case", "Illustrative sample data.");

    [Fact]
    public void Versions_are_numbered_in_publication_order_with_their_own_sections()
    {
        var proposal = BusinessCase();

        var first = proposal.PublishVersion("v1", Opens, null, Sections);
        var second = proposal.PublishVersion("v2", ExtendedClose, "https://example.org/v2.pdf", [("1", "Revised", "")]);

        Assert.Equal(1, first.Number);
        Assert.Equal(2, second.Number);
        Assert.Same(second, proposal.Latest);
        Assert.Equal(["1", "2", "2.1"], first.Sections.Select(s => s.Number));
        Assert.Equal([1, 2, 3], first.Sections.Select(s => s.Order));
        Assert.Single(second.Sections);
    }

    [Fact]
    public void Version_cannot_be_published_before_the_previous_one()
    {
        var proposal = BusinessCase();
        proposal.PublishVersion("v1", DuringComments, null, Sections);

        Refused("proposal-versions-in-order", () => proposal.PublishVersion("v0", Opens, null, Sections));
        Assert.Single(proposal.Versions);
    }

    [Fact]
    public void Section_numbers_must_be_unique_within_a_version()
    {
        var proposal = BusinessCase();

        var refusal = Refused("section-numbers-unique",
            () => proposal.PublishVersion("v1", Opens, null, [("1", "A", ""), (" 1 ", "B", "")]));

        Assert.Contains("1", refusal.Message);
        Assert.Empty(proposal.Versions);
    }

    [Fact]
    public void Same_section_number_may_appear_in_another_version()
    {
        var proposal = BusinessCase();
        proposal.PublishVersion("v1", Opens, null, Sections);
        var second = proposal.PublishVersion("v2", ExtendedClose, null, Sections);
        Assert.Equal(3, second.Sections.Count);
    }

    [Fact]
    public void Version_needs_at_least_one_section()
    {
        Refused("proposal-version-has-sections", () => BusinessCase().PublishVersion("v1", Opens, null, []));
    }

    [Fact]
    public void Proposal_needs_a_title_and_versions_a_label_utc_time_and_named_sections()
    {
        Refused("proposal-title", () => new Proposal(" ", null));
        Refused("proposal-version-label", () => BusinessCase().PublishVersion("", Opens, null, Sections));
        Refused("utc-instants", () => BusinessCase().PublishVersion("v1", Opens.ToOffset(TimeSpan.FromHours(9)), null, Sections));
        Refused("section-number", () => BusinessCase().PublishVersion("v1", Opens, null, [(" ", "Heading", "")]));
        Refused("section-heading", () => BusinessCase().PublishVersion("v1", Opens, null, [("1", "", "")]));
    }
}
