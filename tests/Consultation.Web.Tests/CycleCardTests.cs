using Bunit;
using Consultation.Application.Features.Reviews;
using Consultation.Domain.Consultations;
using Consultation.Domain.Reviews;
using Consultation.Web.Components.Pages.Chair;

namespace Consultation.Web.Tests;

/// <summary>The chair dashboard's card for one review cycle.</summary>
public sealed class CycleCardTests : BunitContext
{
    private static readonly DateTimeOffset Closes = new(2026, 3, 14, 12, 0, 0, TimeSpan.Zero);

    private static ChairDashboard.CycleSummary Cycle(int needDisposition = 0, int awaitPublication = 0,
        ChairDashboard.BlockingObjection[]? objections = null, bool approaching = true, DateTimeOffset? completed = null) =>
        new("ksk-plan", "A plan for the demo", ConsultationStatus.InReview, ItemEntry.AtClose, Closes, completed,
            new ChairDashboard.Deadline("Comment period closes", Closes, approaching),
            [
                new(1, "Staff intake", IsMine: true, Items: 3, WithoutDisposition: needDisposition, AnsweredUnpublished: awaitPublication),
                new(2, "Council review", IsMine: false, Items: 1, WithoutDisposition: 0, AnsweredUnpublished: 0),
            ],
            needDisposition, awaitPublication, objections ?? []);

    [Fact]
    public void Shows_what_needs_the_chairs_action_with_unanswered_blocking_objections()
    {
        var cut = Render<CycleCard>(ps => ps.Add(p => p.Cycle, Cycle(2, 1,
            [new(Guid.NewGuid(), "ccNSO", "Consult the SOs first.", 1, "Staff intake")])));

        var needs = cut.FindAll("[data-testid=needs-action] li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(3, needs.Count);
        Assert.Contains("2 item(s) in your stages need a disposition.", needs);
        Assert.Contains("1 answer(s) in your stages are not yet published.", needs);
        Assert.Contains(needs, n => n.Contains("ccNSO") && n.Contains("Consult the SOs first."));
    }

    [Fact]
    public void Lists_items_per_stage_with_links_marks_the_chairs_stages_and_an_approaching_deadline()
    {
        var cut = Render<CycleCard>(ps => ps.Add(p => p.Cycle, Cycle()));

        Assert.Equal(["chair/consultations/ksk-plan/stages/1", "chair/consultations/ksk-plan/stages/2"],
            cut.FindAll("table.ladder a").Select(a => a.GetAttribute("href")));
        Assert.Single(cut.FindAll("table.ladder tr.mine"));
        Assert.Contains("approaching", cut.Find("[data-testid=deadline]").ClassName);
        Assert.Contains("Nothing waits for you", cut.Find("[data-testid=needs-action]").TextContent);
        Assert.Contains("chair/consultations/ksk-plan/period", cut.FindAll("a").Select(a => a.GetAttribute("href")));
    }

    [Fact]
    public void A_deadline_far_off_is_not_flagged_and_a_closed_review_says_so()
    {
        var cut = Render<CycleCard>(ps => ps.Add(p => p.Cycle, Cycle(approaching: false, completed: Closes.AddDays(60))));

        Assert.DoesNotContain("approaching", cut.Find("[data-testid=deadline]").ClassName);
        Assert.Contains("Review closed by the record", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=needs-action]"));
    }
}
