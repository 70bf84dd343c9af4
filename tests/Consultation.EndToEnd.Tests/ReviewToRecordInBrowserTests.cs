using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Consultation.EndToEnd.Tests;

/// <summary>
/// The review from the chair's side, through the pages only: closing the period, the ladder, dispositions, the consensus
/// call with a member's response and challenge, the record; then what an anonymous reader sees. The class has its own
/// portal (a fixture per test class); its two tests work on different consultations, so their order does not matter.
/// </summary>
public sealed class ReviewToRecordInBrowserTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private const string Slug = "ksk-rollover-communication-plan";
    private const string Title = "Root Zone KSK Rollover Communication Plan";
    // The demo consultation's two submissions, as the chair's pages label them (a body's short name, or the person).
    private const string Mika = "Mika Member (demo)";
    private const string Jprs = "JPRS";

    private const string CloseReason = "The rollover date was brought forward by the root zone partners.";
    private const string AcceptedResponse = "Weekly readiness reports are added to section 3 of the plan.";
    private const string PartlyResponse = "Notices go out in the six UN languages; registries may translate further.";
    private const string Decision = "The communication plan is **adopted** with weekly readiness reports and translated notices.";

    [Fact]
    public async Task The_chair_takes_the_open_demo_consultation_through_every_stage_to_a_published_record_that_a_reader_then_sees()
    {
        var chair = await SignedInAsync("chair@demo.example");

        await CloseTheCommentPeriodEarlyAsync(chair);
        await SetUpTheReviewFromTheDashboardAsync(chair);
        await AnswerAndPassUpThroughTheStagesAsync(chair);
        await RunTheConsensusCallAsync(chair);
        await PublishTheRecordAsync(chair);

        var reader = await browser.NewPageAsync();
        await ReadTheRecordAndReportAsync(reader);
    }

    [Fact]
    public async Task Two_chairs_answer_the_same_item_and_the_second_sees_the_conflict_and_the_first_ones_answer()
    {
        const string slug = "registration-data-accuracy-principles";
        var chair = await SignedInAsync("chair@demo.example");
        await chair.GotoAsync($"/chair/consultations/{slug}/review");
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        var ladder = chair.GetByTestId("ladder");
        // The radio first: a click that also ends the edit of a text field (its change event) can race the re-render.
        await ladder.GetByLabel("At once, and as later submissions arrive").CheckAsync();
        await ladder.Locator("#stage-chairs-0").FillAsync("chair@demo.example, admin@demo.example");
        await ladder.GetByRole(AriaRole.Button, new() { Name = "Set up the review" }).ClickAsync();
        await Expect(chair.GetByText("4 item(s) have entered the review")).ToBeVisibleAsync();

        var admin = await SignedInAsync("admin@demo.example");
        // Both open the first stage before either answers: the first item (CENTR) is selected on both pages.
        await OpenStageAsync(chair, slug, 1);
        await OpenStageAsync(admin, slug, 1);
        await Expect(chair.GetByTestId("selected-item").GetByRole(AriaRole.Heading, new() { Name = "CENTR" })).ToBeVisibleAsync();
        await Expect(admin.GetByTestId("selected-item").GetByRole(AriaRole.Heading, new() { Name = "CENTR" })).ToBeVisibleAsync();

        await AnswerSelectedItemAsync(chair, "Out of scope", "National law governs ccTLDs; the principles address gTLDs only.");
        await Expect(ChairSteps.RowOf(chair, "CENTR")).ToContainTextAsync("Out of scope");
        await AnswerSelectedItemAsync(admin, "Accepted", "The principles will apply to every registry.");

        var itemForm = admin.GetByTestId("item-disposition");
        await Expect(itemForm.GetByRole(AriaRole.Alert)).ToContainTextAsync("Someone else changed this item first");
        await Expect(itemForm.GetByRole(AriaRole.Alert)).ToContainTextAsync("Out of scope");
        await Expect(ChairSteps.RowOf(admin, "CENTR")).ToContainTextAsync("Out of scope");
        await Expect(admin.GetByTestId("selected-item").Locator("p.response")).ToHaveTextAsync("National law governs ccTLDs; the principles address gTLDs only.");
        await BrowserSteps.ScreenshotAsync(admin, "stage-conflict");
        await ExpectTheTableReadableAsync(admin, "ISOC");
    }

    /// <summary>A person signed in in a browser context of their own.</summary>
    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/");
        await BrowserSteps.SignInAsync(page, email);
        return page;
    }

    private static async Task CloseTheCommentPeriodEarlyAsync(IPage chair)
    {
        await chair.GotoAsync($"/consultations/{Slug}");
        await chair.GetByTestId("manage-period").ClickAsync();
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        var close = chair.GetByTestId("close-early");
        await close.GetByLabel("Reason (published)").FillAsync(CloseReason);
        await close.GetByRole(AriaRole.Button, new() { Name = "Close the comment period now" }).ClickAsync();
        await Expect(chair.Locator("ol.timeline")).ToContainTextAsync(CloseReason);
    }

    private static async Task SetUpTheReviewFromTheDashboardAsync(IPage chair)
    {
        await ChairSteps.ChairLinkInTheHeader(chair).ClickAsync();
        await Expect(chair).ToHaveURLAsync(new Regex("/chair$"));
        var without = chair.GetByTestId("without-cycle").Locator("li", new() { HasText = Title });
        await without.GetByRole(AriaRole.Link, new() { Name = "Set up its review" }).ClickAsync();
        await Expect(chair).ToHaveURLAsync(new Regex($"/chair/consultations/{Slug}/review$"));
        await BrowserSteps.WaitUntilInteractiveAsync(chair);

        // The template: five stages, each chaired by the person setting it up.
        var ladder = chair.GetByTestId("ladder");
        await Expect(ladder.GetByTestId("stage-row")).ToHaveCountAsync(5);
        string[] template = ["Staff intake", "Working group review", "Council review", "Consensus call", "Record published"];
        for (var i = 0; i < template.Length; i++)
        {
            await Expect(ladder.Locator($"#stage-name-{i}")).ToHaveValueAsync(template[i]);
            await Expect(ladder.Locator($"#stage-chairs-{i}")).ToHaveValueAsync("chair@demo.example");
        }
        await ladder.GetByLabel("At once, and as later submissions arrive").CheckAsync();
        await ladder.GetByRole(AriaRole.Button, new() { Name = "Set up the review" }).ClickAsync();
        await Expect(chair.GetByText("2 item(s) have entered the review")).ToBeVisibleAsync();
        // Entering again finds nothing new: every submission is already an item.
        await chair.GetByTestId("enter-now").GetByRole(AriaRole.Button, new() { Name = "Enter submissions now" }).ClickAsync();
        await Expect(chair.GetByRole(AriaRole.Status)).ToHaveTextAsync("0 item(s) entered.");

        await ChairSteps.ChairLinkInTheHeader(chair).ClickAsync();
        var cycle = chair.GetByTestId($"cycle-{Slug}");
        await Expect(cycle.GetByTestId("needs-action")).ToContainTextAsync("2 item(s) in your stages need a disposition.");
        await Expect(cycle.Locator("table.ladder tbody tr").First).ToContainTextAsync("1. Staff intake");
        await BrowserSteps.ScreenshotAsync(chair, "chair-dashboard");
        await cycle.GetByRole(AriaRole.Link, new() { Name = "1. Staff intake" }).ClickAsync();
        await Expect(chair).ToHaveURLAsync(new Regex($"/chair/consultations/{Slug}/stages/1$"));
    }

    private static async Task AnswerAndPassUpThroughTheStagesAsync(IPage chair)
    {
        // Staff intake: one answer for both items at once (the bulk form), then both up together.
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        await ChairSteps.ChooseAsync(chair, Mika, Jprs);
        var bulk = chair.GetByTestId("bulk-disposition");
        await bulk.GetByLabel("Disposition").SelectOptionAsync(new SelectOptionValue { Label = "Accepted" });
        await bulk.GetByLabel("Response (kept unpublished until you publish it)").FillAsync(AcceptedResponse);
        await bulk.GetByRole(AriaRole.Button, new() { Name = "Set this disposition" }).ClickAsync();
        await Expect(ChairSteps.RowOf(chair, Mika)).ToContainTextAsync("Accepted");
        await Expect(ChairSteps.RowOf(chair, Jprs)).ToContainTextAsync("Accepted");
        await Expect(chair.GetByText("2 item(s) in this stage, 0 without a disposition.")).ToBeVisibleAsync();
        await ChairSteps.PassUpChosenAsync(chair, "Working group review", 2);

        // Working group review: JPRS's answer changes through the single-item form, then every answer is published.
        await ChairSteps.GoToStageAsync(chair, 2, "Working group review");
        await chair.GetByTestId("items").GetByRole(AriaRole.Button, new() { Name = Jprs, Exact = true }).ClickAsync();
        await Expect(chair.GetByTestId("selected-item").GetByRole(AriaRole.Heading, new() { Name = Jprs })).ToBeVisibleAsync();
        await AnswerSelectedItemAsync(chair, "Partially accepted", PartlyResponse);
        await Expect(ChairSteps.RowOf(chair, Jprs)).ToContainTextAsync("Partially accepted");
        await Expect(ChairSteps.RowOf(chair, Jprs).Locator(".publication")).ToHaveTextAsync("Not yet published");
        await Expect(chair.GetByTestId("selected-item").Locator("p.response")).ToHaveTextAsync(PartlyResponse);
        await ExpectTheTableReadableAsync(chair, Mika);
        await BrowserSteps.ScreenshotAsync(chair, "stage");
        await chair.GetByTestId("publish-all").ClickAsync();
        await Expect(ChairSteps.RowOf(chair, Mika).Locator(".publication")).ToHaveTextAsync("Published");
        await Expect(ChairSteps.RowOf(chair, Jprs).Locator(".publication")).ToHaveTextAsync("Published");
        await ChairSteps.ChooseAsync(chair, Mika, Jprs);
        await ChairSteps.PassUpChosenAsync(chair, "Council review", 2);

        // Council review agrees: both up to the consensus stage.
        await ChairSteps.GoToStageAsync(chair, 3, "Council review");
        await ChairSteps.ChooseAsync(chair, Mika, Jprs);
        await ChairSteps.PassUpChosenAsync(chair, "Consensus call", 2);
        await ChairSteps.GoToStageAsync(chair, 4, "Consensus call");
    }

    private async Task RunTheConsensusCallAsync(IPage chair)
    {
        await ChairSteps.OpenTheCallFromTheConsensusStageAsync(chair);
        await Expect(ProgressFact(chair, "Not yet in the consensus stage")).ToHaveTextAsync("0");
        await chair.GetByTestId("open-call").GetByRole(AriaRole.Button, new() { Name = "Open the consensus call" }).ClickAsync();
        await ChairSteps.DesignateAsync(chair, "Full consensus", "No submission objects to the plan; both asked for additions that were made.");
        await Expect(chair.GetByTestId("designations")).ToContainTextAsync("Estimated");

        // A member disagrees with the estimate and challenges it, in a browser of their own.
        var member = await SignedInAsync("member@demo.example");
        await member.GotoAsync($"/consultations/{Slug}");
        await member.GetByTestId("consensus-call").ClickAsync();
        await BrowserSteps.WaitUntilInteractiveAsync(member);
        await Expect(member.GetByTestId("current-designation")).ToContainTextAsync("Estimated designation: Full consensus");
        var respond = member.GetByTestId("respond");
        await respond.GetByLabel("Do you agree with the designation?").SelectOptionAsync(new SelectOptionValue { Label = "I disagree" });
        await respond.GetByLabel("Comment (needed when you disagree)").FillAsync("JPRS's request was only partly accepted.");
        await respond.GetByRole(AriaRole.Button, new() { Name = "Send my response" }).ClickAsync();
        await Expect(member.GetByTestId("my-response")).ToContainTextAsync("You disagreed");
        var challenge = member.GetByTestId("challenge");
        await challenge.GetByLabel("Reason").FillAsync("Full consensus overstates it: the translation request was only partly met.");
        await challenge.GetByRole(AriaRole.Button, new() { Name = "Challenge" }).ClickAsync();
        await Expect(member.Locator("section", new() { Has = member.GetByRole(AriaRole.Heading, new() { Name = "Challenges" }) }))
            .ToContainTextAsync("Full consensus overstates it");

        // The chair sees both, upholds the challenge, and publishes an updated designation that becomes final.
        await chair.ReloadAsync();
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        await Expect(chair.GetByTestId("designations")).ToContainTextAsync("Mika Member (demo) disagrees: JPRS's request was only partly accepted.");
        var answer = chair.GetByTestId("answer-challenge");
        await answer.GetByLabel("Decision").SelectOptionAsync(new SelectOptionValue { Label = "Uphold (an updated designation follows)" });
        await answer.GetByLabel("Answer (published)").FillAsync("Upheld: one request was only partly met, so the level is Consensus.");
        await answer.GetByRole(AriaRole.Button, new() { Name = "Answer the challenge" }).ClickAsync();
        await Expect(chair.GetByTestId("challenge")).ToContainTextAsync("Upheld");
        await ChairSteps.DesignateAsync(chair, "Consensus", "Both submissions support the plan; one addition was only partly made.");
        await Expect(chair.GetByTestId("designations").Locator("> li")).ToHaveCountAsync(2);
        await Expect(chair.GetByTestId("designations").Locator("> li").Nth(1)).ToContainTextAsync("Updated");

        var minority = chair.GetByTestId("minority-view");
        await minority.GetByLabel("Submission holding it").SelectOptionAsync(new SelectOptionValue { Label = Jprs });
        await minority.GetByLabel("Summary (published in the record)").FillAsync("Notices should be translated into every registry's language.");
        await minority.GetByRole(AriaRole.Button, new() { Name = "Record the minority view" }).ClickAsync();
        await Expect(chair.Locator("section", new() { Has = chair.GetByRole(AriaRole.Heading, new() { Name = "Minority views" }) }))
            .ToContainTextAsync("Notices should be translated");

        await chair.GetByTestId("finalize").GetByRole(AriaRole.Button, new() { Name = "Make the designation final" }).ClickAsync();
        await Expect(chair.GetByText("The designation is final.")).ToBeVisibleAsync();
        await BrowserSteps.ScreenshotAsync(chair, "consensus-chair");
    }

    private static async Task PublishTheRecordAsync(IPage chair)
    {
        // The consensus stage passes its items to the record stage (from the dashboard); then the record can be published.
        await ChairSteps.ChairLinkInTheHeader(chair).ClickAsync();
        await chair.GetByTestId($"cycle-{Slug}").GetByRole(AriaRole.Link, new() { Name = "4. Consensus call" }).ClickAsync();
        await ChairSteps.ExpectStageHeadingAsync(chair, 4, "Consensus call");
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
        await ChairSteps.ChooseAsync(chair, Mika, Jprs);
        await ChairSteps.PassUpChosenAsync(chair, "Record published", 2);

        await ChairSteps.OpenTheCallFromTheConsensusStageAsync(chair);
        await Expect(ProgressFact(chair, "Not yet in the record stage")).ToHaveTextAsync("0");
        await Expect(ProgressFact(chair, "Responses not yet published")).ToHaveTextAsync("0");
        var publish = chair.GetByTestId("publish-record");
        await publish.GetByLabel("What was decided (Markdown)").FillAsync(Decision);
        await publish.GetByRole(AriaRole.Button, new() { Name = "Publish the record" }).ClickAsync();
        await Expect(chair.GetByRole(AriaRole.Heading, new() { Name = "Correct the record" })).ToBeVisibleAsync();
    }

    private static async Task ReadTheRecordAndReportAsync(IPage reader)
    {
        await reader.GotoAsync($"/consultations/{Slug}");
        await Expect(reader.Locator(".record-callout")).ToContainTextAsync("Level of consensus: Consensus.");
        await reader.GetByTestId("record-link").ClickAsync();
        await Expect(reader).ToHaveURLAsync(new Regex($"/consultations/{Slug}/record$"));
        await Expect(reader.GetByRole(AriaRole.Heading, new() { Name = "Consensus record", Level = 1 })).ToBeVisibleAsync();
        await Expect(reader.GetByRole(AriaRole.Link, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Expect(reader.Locator(".decision strong")).ToHaveTextAsync("adopted");
        await Expect(reader.GetByTestId("record-level")).ToHaveTextAsync("Consensus");
        await Expect(reader.Locator("svg[data-testid=stance-chart]")).ToBeVisibleAsync();
        await ExpectEveryAnswerAsync(reader);
        await Expect(reader.GetByTestId("challenges")).ToContainTextAsync("Upheld");
        await Expect(reader.Locator(".minority-views")).ToContainTextAsync("Notices should be translated");
        await Expect(reader.GetByTestId("ledger-head")).ToHaveTextAsync(BrowserSteps.Sha256Hex());
        await BrowserSteps.ScreenshotAsync(reader, "record");

        await reader.GetByRole(AriaRole.Link, new() { Name = "Summary report of the submissions" }).ClickAsync();
        await Expect(reader).ToHaveURLAsync(new Regex($"/consultations/{Slug}/report$"));
        await Expect(reader.GetByTestId("report-level")).ToHaveTextAsync("Consensus");
        await Expect(reader.Locator("svg[data-testid=stance-chart]")).ToBeVisibleAsync();
        await Expect(reader.GetByTestId("contributors")).ToContainTextAsync("JPRS");
        await Expect(reader.Locator("section", new() { Has = reader.GetByRole(AriaRole.Heading, new() { Name = "I. Overview and next steps" }) }))
            .ToContainTextAsync("2 from 1 body and 1 individual");
        // Each section of the proposal shows its own number; a list number before it read "1. 1 Audiences".
        await Expect(reader.Locator("ol.report-sections")).ToHaveCSSAsync("list-style-type", "none");
        await ExpectEveryAnswerAsync(reader);
        await BrowserSteps.ScreenshotAsync(reader, "report");

        await reader.GotoAsync("/ledger?verify=1");
        await Expect(reader.GetByTestId("verification")).ToHaveAttributeAsync("data-intact", "true");
        await Expect(reader.GetByTestId("verification")).ToContainTextAsync("The chain is intact");
    }

    private static async Task ExpectEveryAnswerAsync(IPage reader)
    {
        var answers = reader.GetByTestId("dispositions").Locator("> li");
        await Expect(answers).ToHaveCountAsync(2);
        await ExpectAnswerAsync(answers.Filter(new() { HasText = Mika }), "Accepted", AcceptedResponse);
        await ExpectAnswerAsync(answers.Filter(new() { HasText = Jprs }), "Partially accepted", PartlyResponse);
    }

    private static async Task ExpectAnswerAsync(ILocator answer, string disposition, string response)
    {
        await Expect(answer.Locator(".disposition-name")).ToHaveTextAsync(disposition);
        await Expect(answer.Locator(".response")).ToHaveTextAsync(response);
    }

    private static async Task OpenStageAsync(IPage chair, string slug, int order)
    {
        await chair.GotoAsync($"/chair/consultations/{slug}/stages/{order}");
        await BrowserSteps.WaitUntilInteractiveAsync(chair);
    }

    /// <summary>
    /// Once the rows' labels were white on white and the last columns slid under the submission beside the table: a
    /// label reads as a link, and the table needs no scrolling at the fixture's 1280-pixel width.
    /// </summary>
    private static async Task ExpectTheTableReadableAsync(IPage chair, string unselectedLabel)
    {
        var table = chair.GetByTestId("items");
        await Expect(table.GetByRole(AriaRole.Button, new() { Name = unselectedLabel, Exact = true })).ToHaveCSSAsync("color", "rgb(10, 90, 138)");
        Assert.True(await table.EvaluateAsync<bool>("t => t.parentElement.scrollWidth <= t.parentElement.clientWidth"),
            "The stage's table is wider than its column: some of its columns hide under the selected submission.");
    }

    /// <summary>One of the call's progress figures (a term and its value).</summary>
    private static ILocator ProgressFact(IPage chair, string term) =>
        chair.GetByTestId("progress").Locator("div", new() { Has = chair.Locator("dt", new() { HasText = term }) }).Locator("dd");

    private static async Task AnswerSelectedItemAsync(IPage chair, string disposition, string response)
    {
        var form = chair.GetByTestId("item-disposition");
        await form.GetByLabel("Disposition").SelectOptionAsync(new SelectOptionValue { Label = disposition });
        await form.GetByLabel("Response (kept unpublished until you publish it)").FillAsync(response);
        await form.GetByRole(AriaRole.Button, new() { Name = "Save the answer" }).ClickAsync();
    }
}
