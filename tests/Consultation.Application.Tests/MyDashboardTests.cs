using Consultation.Application.Features.Dashboard;
using Consultation.Application.Features.Submissions;
using Consultation.Application.Identity;
using Consultation.Domain.Reviews;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Tests;

public sealed class MyDashboardTests(AppHarness app) : IClassFixture<AppHarness>
{
    private async Task<MyDashboard.Result> DashboardOfAsync(string email) =>
        await app.SendAsync(new MyDashboard.Query(), await app.CallerAsync(email));

    [Fact]
    public async Task A_representative_sees_the_bodies_they_speak_for_and_no_administration()
    {
        var dashboard = await DashboardOfAsync("rep.ccnso@demo.example");

        Assert.Equal("Rosa Representative (demo)", dashboard.DisplayName);
        Assert.Equal([Roles.Member], dashboard.Roles);
        Assert.Equal(["ccNSO"], dashboard.Mandates.Select(m => m.BodyName));
        Assert.Equal([Slugs.OpenForComment], dashboard.OpenConsultations.Select(c => c.Slug));
        var own = Assert.Single((await app.SendAsync(new MySubmissions.Query(), await app.CallerAsync("rep.ccnso@demo.example"))).Submissions);
        Assert.Equal((Slugs.Decided, "ccNSO"), (own.ConsultationSlug, own.OnBehalfOf));
        Assert.Null(dashboard.ChairedStages);
        Assert.Null(dashboard.Administration);
    }

    [Fact]
    public async Task An_administrator_sees_the_bodies_people_per_role_mandates_and_ledger()
    {
        var administration = (await DashboardOfAsync("admin@demo.example")).Administration;

        Assert.NotNull(administration);
        Assert.Equal((14, 8, 5), (administration.Bodies, administration.People, administration.ActiveMandates));
        Assert.Equal(new Dictionary<string, int> { [Roles.Administrator] = 1, [Roles.Chair] = 1, [Roles.Member] = 8 }, administration.PeoplePerRole);
        await using var db = app.NewDbContext();
        Assert.Equal(await db.Ledger.CountAsync(), administration.LedgerEntries);
    }

    [Fact]
    public async Task A_chair_sees_the_five_stages_of_the_dns_cert_review_with_every_item_at_the_top()
    {
        var dashboard = await DashboardOfAsync("chair@demo.example");

        Assert.NotNull(dashboard.ChairedStages);
        Assert.All(dashboard.ChairedStages, s => Assert.Equal(Slugs.Decided, s.ConsultationSlug));
        Assert.Equal(ReviewCycle.StandardLadder, dashboard.ChairedStages.Select(s => s.StageName));
        Assert.Equal([1, 2, 3, 4, 5], dashboard.ChairedStages.Select(s => s.Order));
        Assert.Equal([0, 0, 0, 0, 6], dashboard.ChairedStages.Select(s => s.Items));
        Assert.All(dashboard.ChairedStages, s => Assert.Equal(0, s.WithoutDisposition));
        Assert.Null(dashboard.Administration);
    }
}
