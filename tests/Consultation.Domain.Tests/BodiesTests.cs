using Consultation.Domain.Bodies;
using static Consultation.Domain.Tests.DnsCert;

namespace Consultation.Domain.Tests;

public class BodiesTests
{
    private static StakeholderBody Body(string slug, string? acronym = null) =>
        new(slug, $"Illustrative {slug}", acronym, BodyKind.SupportingOrganization);

    [Fact]
    public void Body_can_sit_under_a_parent_and_move_back_to_the_top()
    {
        var ccnso = Body("ccnso", "ccNSO");
        var registry = new StakeholderBody("jprs", "Illustrative .jp registry", null, BodyKind.Registry);

        registry.PlaceUnder(ccnso);
        Assert.Equal(ccnso.Id, registry.ParentId);
        Assert.Same(ccnso, registry.Parent);

        registry.PlaceUnder(null);
        Assert.Null(registry.ParentId);
    }

    [Fact]
    public void Body_cannot_sit_inside_itself()
    {
        var ccnso = Body("ccnso", "ccNSO");
        var refusal = Refused("body-parent-no-cycle", () => ccnso.PlaceUnder(ccnso));
        Assert.Contains("ccNSO", refusal.Message);
    }

    [Fact]
    public void Body_cannot_sit_under_one_of_its_own_descendants()
    {
        var top = Body("top");
        var middle = Body("middle");
        var bottom = Body("bottom");
        middle.PlaceUnder(top);
        bottom.PlaceUnder(middle);

        Refused("body-parent-no-cycle", () => top.PlaceUnder(bottom));
        Assert.Null(top.ParentId);
    }

    [Fact]
    public void Body_short_name_prefers_the_acronym()
    {
        Assert.Equal("ccNSO", Body("ccnso", " ccNSO ").ShortName);
        Assert.Equal("Illustrative gac", Body("gac", "  ").ShortName);
    }

    [Fact]
    public void Body_needs_a_valid_slug_and_a_name()
    {
        Refused("slug-format", () => Body("ccNSO"));
        Refused("body-name", () => new StakeholderBody("ccnso", "  ", null, BodyKind.SupportingOrganization));
    }

    [Fact]
    public void Membership_ends_once_and_is_no_longer_current_afterwards()
    {
        var membership = new Membership(Author, Guid.NewGuid(), MembershipRole.Councillor, Opens);
        Assert.True(membership.IsCurrentAt(DuringComments));

        membership.End(DuringComments);

        Assert.False(membership.IsCurrentAt(DuringComments));
        Assert.True(membership.IsCurrentAt(DuringComments.AddTicks(-1)));
        Refused("membership-ends-once", () => membership.End(DuringExtension));
    }

    [Fact]
    public void Membership_cannot_end_before_it_began()
    {
        var membership = new Membership(Author, Guid.NewGuid(), MembershipRole.Member, DuringComments);
        Refused("membership-end-after-start", () => membership.End(Opens));
        Assert.Null(membership.EndedAt);
    }

    [Fact]
    public void Membership_names_a_person_and_starts_at_a_utc_instant()
    {
        var tokyo = new DateTimeOffset(2010, 2, 12, 9, 0, 0, TimeSpan.FromHours(9));
        Refused("utc-instants", () => new Membership(Author, Guid.NewGuid(), MembershipRole.Member, tokyo));
        Refused("membership-person", () => new Membership(" ", Guid.NewGuid(), MembershipRole.Member, Opens));
    }
}
