using Consultation.Domain.Common;

namespace Consultation.Domain.Proposals;

/// <summary>A document put out for comment (the DNS-CERT business case), published in versions.</summary>
public sealed class Proposal
{
    private readonly List<ProposalVersion> _versions = [];

    private Proposal() { }

    public Proposal(string title, string? summary)
    {
        Id = Guid.NewGuid();
        Title = Guard.Text(title, "proposal-title", "A proposal's title", 300);
        Summary = summary?.Trim();
    }

    public Guid Id { get; private set; }
    public string Title { get; private set; } = "";
    public string? Summary { get; private set; }
    public IReadOnlyList<ProposalVersion> Versions => _versions;

    public ProposalVersion? Latest => _versions.MaxBy(v => v.Number);

    /// <summary>Rule: versions are numbered 1, 2, 3... in publication order, each with its own sections.</summary>
    public ProposalVersion PublishVersion(string label, DateTimeOffset publishedAt, string? documentUrl,
        IEnumerable<(string Number, string Heading, string Text)> sections)
    {
        Guard.Require(Latest is null || publishedAt >= Latest.PublishedAt, "proposal-versions-in-order",
            "A new version cannot be published before the previous one.");
        var version = new ProposalVersion(this, (Latest?.Number ?? 0) + 1, label, publishedAt, documentUrl, sections);
        _versions.Add(version);
        return version;
    }
}

public sealed class ProposalVersion
{
    private readonly List<ProposalSection> _sections = [];

    private ProposalVersion() { }

    internal ProposalVersion(Proposal proposal, int number, string label, DateTimeOffset publishedAt,
        string? documentUrl, IEnumerable<(string Number, string Heading, string Text)> sections)
    {
        Id = Guid.NewGuid();
        ProposalId = proposal.Id;
        Proposal = proposal;
        Number = number;
        Label = Guard.Text(label, "proposal-version-label", "A version's label", 50);
        PublishedAt = Guard.Utc(publishedAt, "A version's publication time");
        DocumentUrl = documentUrl;
        var order = 0;
        foreach (var (sectionNumber, heading, text) in sections)
        {
            Guard.Require(_sections.All(s => s.Number != sectionNumber.Trim()), "section-numbers-unique",
                $"Section {sectionNumber} appears twice in this version.");
            _sections.Add(new ProposalSection(Id, ++order, sectionNumber, heading, text));
        }
        Guard.Require(_sections.Count > 0, "proposal-version-has-sections",
            "A proposal version needs at least one numbered section to comment on.");
    }

    public Guid Id { get; private set; }
    public Guid ProposalId { get; private set; }
    public Proposal? Proposal { get; private set; }
    public int Number { get; private set; }
    public string Label { get; private set; } = "";
    public DateTimeOffset PublishedAt { get; private set; }
    public string? DocumentUrl { get; private set; }
    public IReadOnlyList<ProposalSection> Sections => _sections;
}

/// <summary>A numbered section ("1", "2.3") of one proposal version; comments cite sections.</summary>
public sealed class ProposalSection
{
    private ProposalSection() { }

    internal ProposalSection(Guid versionId, int order, string number, string heading, string text)
    {
        Id = Guid.NewGuid();
        ProposalVersionId = versionId;
        Order = order;
        Number = Guard.Text(number, "section-number", "A section number", 20);
        Heading = Guard.Text(heading, "section-heading", "A section heading", 300);
        Text = text?.Trim() ?? "";
    }

    public Guid Id { get; private set; }
    public Guid ProposalVersionId { get; private set; }
    public int Order { get; private set; }
    public string Number { get; private set; } = "";
    public string Heading { get; private set; } = "";
    /// <summary>Markdown.</summary>
    public string Text { get; private set; } = "";
}
