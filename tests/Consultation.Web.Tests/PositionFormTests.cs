using Bunit;
using Consultation.Application.Features.Submissions;
using Consultation.Testing;
using Consultation.Web.Components.Pages.Submissions;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace Consultation.Web.Tests;

/// <summary>
/// The submission form rendered by bUnit against the real application services (seeded SQLite, mediator,
/// pipeline), signed in as a demo representative.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PositionFormTests : BunitContext, IAsyncLifetime
{
    private const string OpenConsultation = "ksk-rollover-communication-plan";

    private readonly IMediator _mediator;
    private readonly Guid _consultationId;

    public PositionFormTests(PortalFactory portal)
    {
        var signedIn = portal.SignedInScopeAsync("rep.ccnso@demo.example").GetAwaiter().GetResult();
        _mediator = signedIn.Services.GetRequiredService<IMediator>();
        _consultationId = _mediator.Send(new SubmissionForm.Query(OpenConsultation)).AsTask().GetAwaiter().GetResult().ConsultationId;
        Services.AddFallbackServiceProvider(signedIn.Services);
        AddAuthorization().SetAuthorized(signedIn.Person.Email!);
        JSInterop.Mode = JSRuntimeMode.Loose; // InputFile and the reconnect UI call into JavaScript
        DefaultWaitTimeout = TimeSpan.FromSeconds(10); // the database is real and CI machines are busy
    }

    // Each test starts without a draft, and ends only once its form (which saves a draft when disposed) is gone.
    public async Task InitializeAsync() => await _mediator.Send(new DiscardDraft.Command(_consultationId, null));

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeComponentsAsync();
        await _mediator.Send(new DiscardDraft.Command(_consultationId, null));
    }

    private IRenderedComponent<PositionPage> RenderForm()
    {
        var cut = Render<PositionPage>(ps => ps.Add(p => p.Slug, OpenConsultation));
        cut.WaitForElement("textarea#Text");
        return cut;
    }

    [Fact]
    public void The_preview_shows_markdown_and_never_a_script_or_an_event_handler()
    {
        var cut = RenderForm();

        cut.Find("textarea#Text").Input("**Bold** <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))");

        var preview = cut.Find(".preview-body");
        Assert.Equal("Bold", preview.QuerySelector("strong")?.TextContent);
        Assert.Empty(preview.QuerySelectorAll("script, img, [onerror]"));
        Assert.DoesNotContain("javascript:", preview.InnerHtml);
        Assert.Contains("<script>alert(1)</script>", preview.TextContent);
    }

    [Fact]
    public void Submitting_an_empty_form_shows_each_message_next_to_its_field()
    {
        var cut = RenderForm();

        cut.Find("form.position-form").Submit();

        cut.WaitForAssertion(() =>
        {
            var messages = cut.FindAll(".validation-message").Select(m => m.TextContent).ToList();
            Assert.Contains("Choose a stance.", messages);
            Assert.Contains("Write the text of your submission.", messages);
        });
        Assert.Equal("Write the text of your submission.",
            cut.Find("textarea#Text").ParentElement!.QuerySelector(".validation-message")?.TextContent);
    }

    [Fact]
    public void A_blocking_objection_without_its_reason_is_refused_next_to_the_reason()
    {
        var cut = RenderForm();
        cut.Find("input[type=checkbox]:not([id])").Change(true);
        cut.Find("textarea#Text").Input("We object.");

        cut.Find("form.position-form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("A blocking objection needs its reason stated; the reason is published with it.",
            cut.Find("textarea#BlockingReason").ParentElement!.QuerySelector(".validation-message")?.TextContent));
    }

    [Fact]
    public void A_representative_is_offered_their_body_and_their_own_name()
    {
        var cut = RenderForm();

        var choices = cut.FindAll("input[name=speak-for]").Select(i => i.ParentElement!.TextContent.Trim()).ToList();

        Assert.Equal(2, choices.Count);
        Assert.Contains("In my own name", choices[0]);
        Assert.Contains("As the official position of ccNSO", choices[1]);
    }

    [Fact]
    public async Task Leaving_the_form_keeps_what_was_typed_as_a_draft_that_is_offered_on_return()
    {
        var cut = RenderForm();
        cut.Find("textarea#Text").Input("Typed just before the tab closed.");

        await DisposeComponentsAsync();

        var form = await _mediator.Send(new SubmissionForm.Query(OpenConsultation));
        Assert.Equal("Typed just before the tab closed.", form.Draft?.Text);
        var back = Render<PositionPage>(ps => ps.Add(p => p.Slug, OpenConsultation));
        back.WaitForAssertion(() => Assert.Contains("Typed just before the tab closed.", back.Find("[data-testid=draft-offer]").TextContent));
    }
}
