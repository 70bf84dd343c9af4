using Consultation.Application.Features.Bodies;
using Consultation.Application.Features.Dashboard;
using Consultation.Application.Pipeline;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests;

/// <summary>Administrators manage bodies, memberships and mandates; a member sees their own. Each test starts from fresh demo data.</summary>
public sealed class BodiesAdministrationTests : IAsyncLifetime
{
    private const string Member = "member@demo.example";

    private AppHarness _app = null!;
    private Caller _admin = null!;

    public async Task InitializeAsync()
    {
        _app = await AppHarness.StartAsync();
        _admin = await _app.CallerAsync("admin@demo.example");
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private DateTimeOffset Now => _app.Clock.GetUtcNow();

    private Task<T> AsAdminAsync<T>(ICommand<T> command) => _app.SendAsync(command, _admin);

    private Task<GrantMandate.Result> GrantTermToMemberAsync() =>
        AsAdminAsync(new GrantMandate.Command("ccnso", Member, Now.AddDays(-1), Now.AddYears(1)));

    private async Task<MyMemberships.Result> MembershipsOfMemberAsync() =>
        await _app.SendAsync(new MyMemberships.Query(), await _app.CallerAsync(Member));

    private async Task<MyDashboard.Result> DashboardOfMemberAsync() =>
        await _app.SendAsync(new MyDashboard.Query(), await _app.CallerAsync(Member));

    private async Task<ListBodies.Item> ListedAsync(string slug) =>
        Assert.Single(await _app.SendAsync(new ListBodies.Query(), _admin), b => b.Slug == slug);

    private async Task AssertRefusedAsync<T>(ICommand<T> command, string field, string message)
    {
        var invalid = await Assert.ThrowsAsync<InputInvalidException>(() => AsAdminAsync(command));
        var (key, messages) = Assert.Single(invalid.Errors);
        Assert.Equal(field, key);
        Assert.Equal([message], messages);
    }

    [Fact]
    public async Task An_administrator_creates_a_body_within_another_and_it_is_listed()
    {
        await AsAdminAsync(new CreateBody.Command("ccnso-tech-wg", "ccNSO Technical Working Group", "TWG", BodyKind.TechnicalCommunity, "ccnso"));

        var listed = await ListedAsync("ccnso-tech-wg");
        Assert.Equal(("TWG", BodyKind.TechnicalCommunity, "ccnso", "ccNSO", 0, 0),
            (listed.ShortName, listed.Kind, listed.ParentSlug, listed.ParentName, listed.CurrentMembers, listed.ActiveMandates));
    }

    [Fact]
    public async Task A_slug_another_body_uses_is_refused_on_the_slug_field()
    {
        await AssertRefusedAsync(new CreateBody.Command("ccnso", "A second ccNSO", null, BodyKind.SupportingOrganization),
            nameof(CreateBody.Command.Slug), "Another body already uses that slug.");

        await using var db = _app.NewDbContext();
        Assert.Equal(1, await db.Bodies.CountAsync(b => b.Slug == "ccnso"));
    }

    [Fact]
    public async Task A_term_mandate_shows_on_the_holders_pages_and_counts_as_active()
    {
        var granted = await GrantTermToMemberAsync();

        var mine = Assert.Single((await MembershipsOfMemberAsync()).Mandates);
        Assert.Equal(("ccNSO", Now.AddDays(-1), Now.AddYears(1), Standing.Current),
            (mine.BodyName, mine.Term.ValidFrom, mine.Term.ValidUntil, mine.Term.Standing));
        Assert.Null(mine.Term.Consultation);
        Assert.Equal(["ccNSO"], (await DashboardOfMemberAsync()).Mandates.Select(m => m.BodyName));
        Assert.Equal(2, (await ListedAsync("ccnso")).ActiveMandates);
        var row = Assert.Single((await _app.SendAsync(new ShowBodyAdministration.Query("ccnso"), _admin)).Mandates, m => m.Id == granted.MandateId);
        Assert.Equal((Member, "Ada Admin (demo)"), (row.Person.Email, row.GrantedBy.DisplayName));
    }

    [Fact]
    public async Task An_ended_mandate_is_no_longer_active_and_stays_on_record_marked_ended()
    {
        var granted = await GrantTermToMemberAsync();

        await AsAdminAsync(new EndMandate.Command(granted.MandateId));

        Assert.Equal(Standing.Ended, Assert.Single((await MembershipsOfMemberAsync()).Mandates).Term.Standing);
        Assert.Empty((await DashboardOfMemberAsync()).Mandates);
        Assert.Equal(1, (await ListedAsync("ccnso")).ActiveMandates);
        await using var db = _app.NewDbContext();
        var saved = await db.Mandates.SingleAsync(m => m.Id == granted.MandateId);
        Assert.False(saved.IsActiveAt(Now));
        Assert.Equal((Now, _admin.PersonId), (saved.EndedAt, saved.EndedBy));
    }

    [Fact]
    public async Task A_mandate_for_one_consultation_covers_that_consultation_only()
    {
        var granted = await AsAdminAsync(new GrantMandate.Command("ccnso", Member, ConsultationSlug: Slugs.OpenForComment));

        await using var db = _app.NewDbContext();
        var mandate = await db.Mandates.SingleAsync(m => m.Id == granted.MandateId);
        var ccnso = await db.Bodies.SingleAsync(b => b.Slug == "ccnso");
        var consultations = await db.Consultations.ToDictionaryAsync(c => c.Slug, c => c.Id);
        Assert.True(mandate.Covers(ccnso.Id, consultations[Slugs.OpenForComment], Now));
        Assert.False(mandate.Covers(ccnso.Id, consultations[Slugs.ReplyPeriod], Now));
        Assert.Equal(Slugs.OpenForComment, Assert.Single((await MembershipsOfMemberAsync()).Mandates).Term.Consultation?.Slug);
    }

    [Fact]
    public async Task A_mandate_needs_either_a_term_that_ends_after_it_starts_or_one_consultation()
    {
        await AssertRefusedAsync(new GrantMandate.Command("ccnso", Member), nameof(GrantMandate.Command.ValidFrom),
            "Give the day the term starts, or choose the one consultation the mandate is for.");
        var both = await Assert.ThrowsAsync<InputInvalidException>(() =>
            AsAdminAsync(new GrantMandate.Command("ccnso", Member, Now, Now.AddDays(30), Slugs.OpenForComment)));
        Assert.Equal(["ValidFrom", "ValidUntil"], both.Errors.Keys.Order());
        var backwards = await Assert.ThrowsAsync<DomainRuleException>(() => AsAdminAsync(new GrantMandate.Command("ccnso", Member, Now, Now.AddDays(-1))));
        Assert.Equal("mandate-term-ends-after-start", backwards.Rule);
    }

    [Fact]
    public async Task Ending_an_ended_mandate_is_refused_by_the_rule_that_a_mandate_ends_once()
    {
        var granted = await GrantTermToMemberAsync();
        await AsAdminAsync(new EndMandate.Command(granted.MandateId));
        _app.Clock.Advance(TimeSpan.FromMinutes(5));

        var refused = await Assert.ThrowsAsync<DomainRuleException>(() => AsAdminAsync(new EndMandate.Command(granted.MandateId)));

        Assert.Equal("mandate-ends-once", refused.Rule);
    }

    [Fact]
    public async Task A_granted_membership_is_current_until_ended_and_a_second_current_one_is_refused()
    {
        // The address matches however its letters were typed.
        var granted = await AsAdminAsync(new GrantMembership.Command("ccnso", "Member@Demo.Example", MembershipRole.Councillor));
        await AssertRefusedAsync(new GrantMembership.Command("ccnso", Member, MembershipRole.Chair), nameof(GrantMembership.Command.PersonEmail),
            "That person is already a current member of this body; end that membership first.");
        Assert.Equal(3, (await ListedAsync("ccnso")).CurrentMembers);

        await AsAdminAsync(new EndMembership.Command(granted.MembershipId));

        Assert.Equal([("ALAC", MembershipRole.Member, Standing.Current), ("ccNSO", MembershipRole.Councillor, Standing.Ended)],
            (await MembershipsOfMemberAsync()).Memberships.Select(m => (m.BodyName, m.Role, m.Standing)));
        Assert.Equal(["ALAC"], (await DashboardOfMemberAsync()).Memberships.Select(m => m.BodyName));
        Assert.Equal(2, (await ListedAsync("ccnso")).CurrentMembers);
    }

    [Fact]
    public async Task An_email_no_account_uses_is_refused_on_the_person_email_field()
    {
        const string unknown = "nobody@demo.example";
        await AssertRefusedAsync(new GrantMembership.Command("ccnso", unknown, MembershipRole.Member),
            nameof(GrantMembership.Command.PersonEmail), "No account uses that email address.");
        await AssertRefusedAsync(new GrantMandate.Command("ccnso", unknown, Now),
            nameof(GrantMandate.Command.PersonEmail), "No account uses that email address.");
    }

    [Theory]
    [InlineData("member@demo.example")]
    [InlineData("chair@demo.example")]
    [InlineData(null)]
    public async Task Only_an_administrator_may_send_the_administration_requests(string? email)
    {
        var caller = email is null ? Caller.Anonymous : await _app.CallerAsync(email);
        await using var db = _app.NewDbContext();
        // Each request would succeed for an administrator, so only the authorization can refuse it.
        object[] requests =
        [
            new ListBodies.Query(), new ShowBodyAdministration.Query("ccnso"),
            new CreateBody.Command("refused-body", "A body nobody else may add", null, BodyKind.Registry),
            new GrantMembership.Command("ccnso", Member, MembershipRole.Member), new EndMembership.Command((await db.Memberships.FirstAsync()).Id),
            new GrantMandate.Command("ccnso", Member, Now), new EndMandate.Command((await db.Mandates.FirstAsync()).Id),
        ];

        foreach (var request in requests)
            await Assert.ThrowsAsync<AccessDeniedException>(() => _app.SendAsync(caller, mediator => mediator.Send(request)));

        Assert.Equal((14, 7, 5), (await db.Bodies.CountAsync(), await db.Memberships.CountAsync(), await db.Mandates.CountAsync()));
        Assert.False(await db.Memberships.AnyAsync(m => m.EndedAt != null) || await db.Mandates.AnyAsync(m => m.EndedAt != null));
    }

    [Fact]
    public async Task Listed_counts_follow_the_domain_rules_for_current_memberships_and_active_mandates()
    {
        // Beside the demo data: an ended, an expired and an upcoming mandate, and an ended membership.
        await AsAdminAsync(new EndMandate.Command((await GrantTermToMemberAsync()).MandateId));
        await AsAdminAsync(new GrantMandate.Command("alac", Member, Now.AddDays(-30), Now.AddDays(-1)));
        await AsAdminAsync(new GrantMandate.Command("ccnso", "chair@demo.example", Now.AddDays(1)));
        await AsAdminAsync(new EndMembership.Command((await AsAdminAsync(new GrantMembership.Command("gac", Member, MembershipRole.Staff))).MembershipId));

        var listed = await _app.SendAsync(new ListBodies.Query(), _admin);

        await using var db = _app.NewDbContext();
        var (memberships, mandates) = (await db.Memberships.ToListAsync(), await db.Mandates.ToListAsync());
        var expected = await db.Bodies.OrderBy(b => b.Slug).Select(b => b.Id).ToListAsync();
        Assert.Equal(expected.Select(id => (memberships.Count(m => m.BodyId == id && m.IsCurrentAt(Now)), mandates.Count(m => m.BodyId == id && m.IsActiveAt(Now)))),
            listed.OrderBy(b => b.Slug, StringComparer.Ordinal).Select(b => (b.CurrentMembers, b.ActiveMandates)));
        Assert.Equal(mandates.Count(m => m.IsActiveAt(Now)), (await _app.SendAsync(new MyDashboard.Query(), _admin)).Administration?.ActiveMandates);
    }

    [Fact]
    public async Task Each_mandate_and_membership_change_gives_the_person_a_new_security_stamp_and_no_one_else()
    {
        var stamps = new List<string?>();
        async Task<string?> StampOfAsync(string email)
        {
            await using var db = _app.NewDbContext();
            return await db.Users.Where(p => p.Email == email).Select(p => p.SecurityStamp).SingleAsync();
        }
        var adminBefore = await StampOfAsync("admin@demo.example");
        stamps.Add(await StampOfAsync(Member));

        var mandate = await GrantTermToMemberAsync();
        stamps.Add(await StampOfAsync(Member));
        await AsAdminAsync(new EndMandate.Command(mandate.MandateId));
        stamps.Add(await StampOfAsync(Member));
        var membership = await AsAdminAsync(new GrantMembership.Command("gac", Member, MembershipRole.Staff));
        stamps.Add(await StampOfAsync(Member));
        await AsAdminAsync(new EndMembership.Command(membership.MembershipId));
        stamps.Add(await StampOfAsync(Member));

        Assert.Equal(stamps.Count, stamps.Distinct().Count());
        Assert.Equal(adminBefore, await StampOfAsync("admin@demo.example"));
    }
}
