using Consultation.Domain.Common;

namespace Consultation.Domain.Bodies;

/// <summary>A stakeholder body: an SO, an AC, a registry, a CERT... Bodies nest (a registry within the ccNSO).</summary>
public sealed class StakeholderBody
{
    public const int MaxNameLength = 200;

    private StakeholderBody() { }

    public StakeholderBody(string slug, string name, string? acronym, BodyKind kind, string? description = null)
    {
        Id = Guid.NewGuid();
        Slug = Common.Slug.Require(slug);
        Name = Guard.Text(name, "body-name", "A body's name", MaxNameLength);
        Acronym = string.IsNullOrWhiteSpace(acronym) ? null : acronym.Trim();
        Kind = kind;
        Description = description?.Trim();
    }

    public Guid Id { get; private set; }
    public string Slug { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? Acronym { get; private set; }
    public BodyKind Kind { get; private set; }
    public string? Description { get; private set; }
    public Guid? ParentId { get; private set; }
    public StakeholderBody? Parent { get; private set; }

    /// <summary>The short name people use: "ccNSO" rather than "Country Code Names Supporting Organization".</summary>
    public string ShortName => Acronym ?? Name;

    /// <summary>Rule: a body cannot sit inside itself, directly or through its parents.</summary>
    public void PlaceUnder(StakeholderBody? parent)
    {
        for (var ancestor = parent; ancestor is not null; ancestor = ancestor.Parent)
            Guard.Require(ancestor.Id != Id, "body-parent-no-cycle", $"{ShortName} cannot sit inside itself.");
        Parent = parent;
        ParentId = parent?.Id;
    }
}
