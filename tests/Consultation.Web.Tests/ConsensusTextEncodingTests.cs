using System.Net;
using Consultation.Application.Features.Consensus;
using Consultation.Application.Features.Reviews;
using Consultation.Domain.Consensus;
using Consultation.Domain.Reviews;
using Consultation.Testing;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>
/// Everything people write on the way to a record (answers, rationales, challenges and their answers, minority views,
/// the decision, a correction's reason) carries a script payload here, through the real handlers, and the public
/// record and report must show it as text or sanitized Markdown, never as markup that runs. On a portal of its own:
/// it takes the open demo consultation all the way to a record.
/// </summary>
public sealed class ConsensusTextEncodingTests
{
    private const string Slug = "ksk-rollover-communication-plan";
    private const string Payload = "<script>window.pwned=1</script><img src=x onerror=\"window.pwned=1\">";

    [Fact]
    public async Task Script_written_anywhere_in_the_call_and_the_record_never_reaches_the_public_pages_as_markup()
    {
        using var portal = new PortalFactory();
        var client = portal.CreateBrowserlikeClient();
        await client.GetAsync("/"); // starts the portal: migrates and seeds

        await AsAsync(portal, "chair@demo.example", async mediator =>
        {
            await mediator.Send(new SetUpReviewCycle.Command(Slug, SetUpReviewCycle.Template("chair@demo.example"), ItemEntry.AtOnce));
            var items = (await mediator.Send(new StageItems.Query(Slug, 1))).Items;
            await mediator.Send(new SetDisposition.Command(items.Select(i => i.Seen).ToList(), Disposition.Accepted, $"Response {Payload}", null));
            await mediator.Send(new PublishResponses.Command(Slug, 1, [], AllAnsweredInStage: true));
            for (var stage = 1; stage < ReviewCycle.StandardLadder.Count - 1; stage++)
                await mediator.Send(new PassUp.Command(Slug, stage, (await mediator.Send(new StageItems.Query(Slug, stage))).Items.Select(i => i.Seen).ToList()));
            await mediator.Send(new Application.Features.Periods.CloseEarly.Command(Slug, "Closed early for the test."));
            await mediator.Send(new OpenConsensusCall.Command(Slug));
            await mediator.Send(new PublishDesignation.Command(Slug, ConsensusLevel.Consensus, $"Rationale {Payload}"));
        });
        var designation = Guid.Empty;
        await AsAsync(portal, "member@demo.example", async mediator =>
        {
            designation = (await mediator.Send(new ShowConsensusCall.Query(Slug))).Call!.Current!.Id;
            await mediator.Send(new RespondToDesignation.Command(Slug, designation, false, $"Comment {Payload}"));
            await mediator.Send(new ChallengeDesignation.Command(Slug, designation, $"Reason {Payload}"));
        });
        await AsAsync(portal, "chair@demo.example", async mediator =>
        {
            var call = (await mediator.Send(new ShowConsensusCall.Query(Slug)));
            await mediator.Send(new AnswerChallenge.Command(Slug, call.Call!.Challenges.Single().Id, false, $"Answer {Payload}"));
            await mediator.Send(new RecordMinorityView.Command(Slug, call.Submissions[0].Id, $"Summary {Payload}"));
            await mediator.Send(new FinalizeDesignation.Command(Slug, designation));
            var consensusStage = ReviewCycle.StandardLadder.Count - 1;
            await mediator.Send(new PassUp.Command(Slug, consensusStage,
                (await mediator.Send(new StageItems.Query(Slug, consensusStage))).Items.Select(i => i.Seen).ToList()));
            await mediator.Send(new PublishRecord.Command(Slug, $"Decision {Payload}"));
            await mediator.Send(new CorrectRecord.Command(Slug, $"Corrected decision {Payload}", $"Correction {Payload}"));
        });

        foreach (var path in new[] { $"/consultations/{Slug}/record", $"/consultations/{Slug}/record?version=1", $"/consultations/{Slug}/report" })
        {
            var page = await client.GetPageAsync(path);
            Assert.Equal(HttpStatusCode.OK, page.Status);
            Assert.DoesNotContain(page.Document.QuerySelectorAll("script"), s => s.TextContent.Contains("pwned", StringComparison.Ordinal));
            Assert.DoesNotContain(page.Document.All, e => e.Attributes.Any(a => a.Name.StartsWith("on", StringComparison.OrdinalIgnoreCase)));
            Assert.Empty(page.Document.QuerySelectorAll("img[src=x]"));
        }
        // Plain-text fields show what was written, as text.
        var record = await client.GetPageAsync($"/consultations/{Slug}/record");
        Assert.Contains($"Reason {Payload}", record.Document.Body!.TextContent);
        Assert.Contains($"Summary {Payload}", record.Document.Body.TextContent);
    }

    private static async Task AsAsync(PortalFactory portal, string email, Func<IMediator, Task> act)
    {
        using var signedIn = await portal.SignedInScopeAsync(email);
        await act(signedIn.Services.GetRequiredService<IMediator>());
    }
}
