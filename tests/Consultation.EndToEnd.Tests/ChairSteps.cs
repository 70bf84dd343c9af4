using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

/// <summary>What a chair does in the browser again and again: move between stages, choose items, pass them up, designate.</summary>
public static class ChairSteps
{
    public static ILocator ChairLinkInTheHeader(IPage page) =>
        page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Chair", Exact = true });

    /// <summary>
    /// Follows the stage navigation to another stage. The link is an enhanced navigation: until the new stage's heading
    /// shows, the old page (interactive, with rows of the same names) is still there.
    /// </summary>
    public static async Task GoToStageAsync(IPage chair, int order, string name)
    {
        await chair.GetByRole(AriaRole.Navigation, new() { Name = "Stages" }).GetByRole(AriaRole.Link, new() { Name = name }).ClickAsync();
        await ExpectStageHeadingAsync(chair, order, name);
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
    }

    public static Task ExpectStageHeadingAsync(IPage chair, int order, string name) =>
        Expect(chair.GetByRole(AriaRole.Heading, new() { Name = $"{order}. {name}", Level = 1 })).ToBeVisibleAsync();

    public static async Task OpenTheCallFromTheConsensusStageAsync(IPage chair)
    {
        await chair.GetByTestId("consensus-call").ClickAsync();
        await Expect(chair.GetByRole(AriaRole.Heading, new() { Name = "Consensus call", Exact = true, Level = 1 })).ToBeVisibleAsync();
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
    }

    public static ILocator RowOf(IPage chair, string label) =>
        chair.GetByTestId("items").Locator("tbody tr", new() { Has = chair.GetByRole(AriaRole.Button, new() { Name = label, Exact = true }) });

    /// <summary>Ticks the rows; the bulk heading counts them once the circuit has them.</summary>
    public static async Task ChooseAsync(IPage chair, params string[] labels)
    {
        foreach (var label in labels) await chair.GetByLabel($"Choose {label}").CheckAsync();
        await Expect(chair.GetByRole(AriaRole.Heading, new() { Name = $"With the {labels.Length} chosen item(s)" })).ToBeVisibleAsync();
    }

    /// <summary>Ticks every row of the stage.</summary>
    public static async Task ChooseEveryItemAsync(IPage chair, int count)
    {
        var boxes = chair.GetByTestId("items").Locator("tbody input[type=checkbox]");
        await Expect(boxes).ToHaveCountAsync(count);
        for (var i = 0; i < count; i++) await boxes.Nth(i).CheckAsync();
        await Expect(chair.GetByRole(AriaRole.Heading, new() { Name = $"With the {count} chosen item(s)" })).ToBeVisibleAsync();
    }

    public static async Task PassUpChosenAsync(IPage chair, string above, int count)
    {
        await chair.GetByTestId("pass-up").ClickAsync();
        await Expect(chair.GetByRole(AriaRole.Navigation, new() { Name = "Stages" }).GetByRole(AriaRole.Link, new() { Name = $"{above} ({count})" }))
            .ToBeVisibleAsync();
        await Expect(chair.GetByText("0 item(s) in this stage")).ToBeVisibleAsync();
    }

    /// <summary>Publishes a designation; <paramref name="shown"/> is a part of the rationale as the list shows it (all of it by default).</summary>
    public static async Task DesignateAsync(IPage chair, string level, string rationale, string? shown = null)
    {
        var designate = chair.GetByTestId("designate");
        await designate.GetByLabel("Level of consensus").SelectOptionAsync(new SelectOptionValue { Label = level });
        await designate.GetByLabel("Rationale (published)").FillAsync(rationale);
        await designate.GetByRole(AriaRole.Button, new() { Name = "Publish the designation" }).ClickAsync();
        await Expect(chair.GetByTestId("designations")).ToContainTextAsync(shown ?? rationale);
    }
}
