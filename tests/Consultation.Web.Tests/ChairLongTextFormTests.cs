using System.Text;
using Bunit;
using Consultation.Application.Features.Reviews;
using Consultation.Application.Persistence;
using Consultation.Domain.Consensus;
using Consultation.Domain.Reviews;
using Consultation.Testing;
using Consultation.Web.Components.Pages.Chair;
using Consultation.Web.Components.Shared;
using Mediator;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace Consultation.Web.Tests;

/// <summary>
/// The chair's stage and consensus pages rendered by bUnit against the real application services, signed in as the
/// demo chair, on a portal of their own (they save answers and correct a record). Their long texts (a response, a
/// corrected decision) stay in the browser, played by <see cref="LongTextInTheBrowser"/>, and are read as a stream
/// when the form is sent: the command gets exactly that text, however many circuit messages it would have taken.
/// </summary>
public sealed class ChairLongTextFormTests : BunitContext, IClassFixture<ChairLongTextFormTests.Portal>
{
    private const string OpenConsultation = "ksk-rollover-communication-plan";
    private const string DecidedConsultation = "dns-cert-business-case-2010";

    private readonly Portal _portal;
    private readonly JSRuntimeInvocationHandler<IJSStreamReference> _read;

    public ChairLongTextFormTests(Portal portal)
    {
        _portal = portal;
        var signedIn = portal.SignedInScopeAsync("chair@demo.example").GetAwaiter().GetResult();
        Services.AddFallbackServiceProvider(signedIn.Services);
        AddAuthorization().SetAuthorized(signedIn.Person.Email!);
        JSInterop.Mode = JSRuntimeMode.Loose; // QuickGrid and the reconnect UI call into JavaScript
        DefaultWaitTimeout = TimeSpan.FromSeconds(10); // the database is real and CI machines are busy
        SetRendererInfo(new RendererInfo("Server", true)); // the forms can be sent only once interactive
        _read = JSInterop.FakeLongTextModule();
    }

    /// <summary>The portal, with the open demo consultation's review set up: its submissions wait in the first stage.</summary>
    public sealed class Portal : PortalFactory, IAsyncLifetime
    {
        public async Task InitializeAsync()
        {
            using var chair = await this.SignedInScopeAsync("chair@demo.example");
            await chair.Services.GetRequiredService<IMediator>()
                .Send(new SetUpReviewCycle.Command(OpenConsultation, SetUpReviewCycle.Template("chair@demo.example"), ItemEntry.AtOnce));
        }

        Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
    }

    [Fact]
    public void A_response_of_the_full_length_in_multi_byte_characters_is_read_from_the_browser_and_saved()
    {
        var response = MultiByteText(ReviewItem.MaxResponseLength);
        Assert.True(Encoding.UTF8.GetByteCount(response) > 32 * 1024, "The response must be longer than one circuit message.");
        var cut = Render<StagePage>(ps => ps.Add(p => p.Slug, OpenConsultation).Add(p => p.Order, 1));
        cut.WaitForElement("[data-testid=item-disposition]");
        var label = cut.Find("#item-heading").TextContent;

        cut.Find("#item-disposition").Change(nameof(Disposition.Accepted));
        Type(cut, "item-response", response);
        cut.Find("[data-testid=item-disposition]").Submit();

        cut.WaitForAssertion(() => Assert.Equal(response, SavedResponseOf(label)));
    }

    [Fact]
    public void A_corrected_decision_of_the_full_length_is_read_from_the_browser_and_published()
    {
        var decision = MultiByteText(ConsensusRecord.MaxDecisionLength);
        var cut = Render<ConsensusPage>(ps => ps.Add(p => p.Slug, DecidedConsultation));
        cut.WaitForElement("[data-testid=correct-record]");

        Type(cut, "correction-decision", decision);
        cut.Find("#correction-reason").Change("Typing errors in the decision are corrected.");
        cut.Find("[data-testid=correct-record]").Submit();

        cut.WaitForAssertion(() => Assert.Equal(decision, LatestDecisionOf(DecidedConsultation)));
    }

    [Fact]
    public void A_decision_one_character_over_the_limit_gets_the_commands_message_beside_the_field()
    {
        var cut = Render<ConsensusPage>(ps => ps.Add(p => p.Slug, DecidedConsultation));
        cut.WaitForElement("[data-testid=correct-record]");
        var before = LatestDecisionOf(DecidedConsultation);

        Type(cut, "correction-decision", MultiByteText(ConsensusRecord.MaxDecisionLength + 1));
        cut.Find("#correction-reason").Change("Typing errors in the decision are corrected.");
        cut.Find("[data-testid=correct-record]").Submit();

        cut.WaitForAssertion(() => Assert.Equal("The decision must be at most 50,000 characters.", MessageBeside(cut, "correction-decision")));
        Assert.Equal(before, LatestDecisionOf(DecidedConsultation));
    }

    [Fact]
    public void A_decision_with_more_bytes_than_the_limit_allows_is_refused_beside_the_field_without_being_read()
    {
        var cut = Render<ConsensusPage>(ps => ps.Add(p => p.Slug, DecidedConsultation));
        cut.WaitForElement("[data-testid=correct-record]");

        // More than three UTF-8 bytes per allowed character: certainly too long, whatever the characters.
        var typed = Type(cut, "correction-decision", new string('€', ConsensusRecord.MaxDecisionLength + 1));
        cut.Find("[data-testid=correct-record]").Submit();

        cut.WaitForAssertion(() => Assert.Equal("The text must be at most 50,000 characters.", MessageBeside(cut, "correction-decision")));
        Assert.False(typed.Opened);
    }

    [Fact]
    public void The_short_fields_beside_a_long_text_take_no_more_than_their_commands_limit_in_the_browser()
    {
        // A paste longer than the limit would otherwise travel as one change event and could exceed a circuit message.
        var cut = Render<ConsensusPage>(ps => ps.Add(p => p.Slug, DecidedConsultation));
        cut.WaitForElement("[data-testid=correct-record]");

        Assert.Equal("5000", cut.Find("textarea#correction-reason").GetAttribute("maxlength"));
        Assert.Equal("5000", cut.Find("textarea#minority-summary").GetAttribute("maxlength"));
        Assert.Null(cut.Find("textarea#correction-decision").GetAttribute("maxlength"));
    }

    /// <summary>What the browser does when the chair has typed <paramref name="text"/> into the field and paused.</summary>
    private TextInTheBrowser Type(IRenderedComponent<IComponent> cut, string fieldId, string text)
    {
        var inBrowser = new TextInTheBrowser(text);
        _read.SetResult(inBrowser);
        var field = cut.FindComponents<LongTextArea>().Single(f => f.Instance.Id == fieldId).Instance;
        cut.InvokeAsync(() => field.Edited(text.Length)).GetAwaiter().GetResult();
        return inBrowser;
    }

    private static string? MessageBeside(IRenderedComponent<IComponent> cut, string fieldId) =>
        cut.Find($"textarea#{fieldId}").ParentElement!.QuerySelector(".validation-message")?.TextContent;

    private string? SavedResponseOf(string label)
    {
        using var chair = _portal.SignedInScopeAsync("chair@demo.example").GetAwaiter().GetResult();
        var items = chair.Services.GetRequiredService<IMediator>().Send(new StageItems.Query(OpenConsultation, 1)).AsTask().GetAwaiter().GetResult().Items;
        return items.Single(i => i.Label == label).Response;
    }

    private string LatestDecisionOf(string slug)
    {
        using var scope = _portal.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<ConsultationDbContext>();
        var consultationId = db.Consultations.Where(c => c.Slug == slug).Select(c => c.Id).Single();
        return db.ConsensusRecords.Where(r => r.ConsultationId == consultationId).OrderByDescending(r => r.Version).Select(r => r.Decision).First();
    }

    /// <summary>
    /// Exactly <paramref name="length"/> UTF-16 code units, mostly of three-byte UTF-8 characters, ending in an "x"
    /// (stored texts are trimmed, and no surrogate pair is cut).
    /// </summary>
    private static string MultiByteText(int length)
    {
        var text = new StringBuilder();
        while (text.Length < length) text.Append("意見への回答：東京とZürichは合意した🎉。\n");
        text.Length = length - 1;
        if (char.IsHighSurrogate(text[^1])) text[^1] = 'y';
        return text.Append('x').ToString();
    }
}
