using Bunit;
using Consultation.Application.Features.Submissions;
using Consultation.Testing;
using Consultation.Domain.Submissions;
using Consultation.Web.Components.Pages.Submissions;
using Consultation.Web.Components.Shared;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.JSInterop;

namespace Consultation.Web.Tests;

/// <summary>
/// The submission form rendered by bUnit against the real application services (seeded SQLite, mediator,
/// pipeline), signed in as a demo representative. The text field's browser side (wwwroot/js/long-text.js) is played
/// by <see cref="Type"/>: it tells the page the new length, and the page reads the text as a stream.
/// </summary>
[Collection(PortalCollection.Name)]
public sealed class PositionFormTests : BunitContext, IAsyncLifetime
{
    private const string OpenConsultation = "ksk-rollover-communication-plan";

    private readonly IMediator _mediator;
    private readonly Guid _consultationId;
    private readonly JSRuntimeInvocationHandler<IJSStreamReference> _read;

    public PositionFormTests(PortalFactory portal)
    {
        var signedIn = portal.SignedInScopeAsync("rep.ccnso@demo.example").GetAwaiter().GetResult();
        _mediator = signedIn.Services.GetRequiredService<IMediator>();
        _consultationId = _mediator.Send(new SubmissionForm.Query(OpenConsultation)).AsTask().GetAwaiter().GetResult().ConsultationId;
        Services.AddFallbackServiceProvider(signedIn.Services);
        AddAuthorization().SetAuthorized(signedIn.Person.Email!);
        JSInterop.Mode = JSRuntimeMode.Loose; // InputFile and the reconnect UI call into JavaScript
        DefaultWaitTimeout = TimeSpan.FromSeconds(10); // the database is real and CI machines are busy
        _read = JSInterop.FakeLongTextModule();
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

    /// <summary>What the browser does when the writer has typed <paramref name="text"/> and paused.</summary>
    private TextInTheBrowser Type(IRenderedComponent<PositionPage> cut, string text)
    {
        var inBrowser = new TextInTheBrowser(text);
        _read.SetResult(inBrowser);
        var field = cut.FindComponent<LongTextArea>().Instance;
        cut.InvokeAsync(() => field.Edited(text.Length)).GetAwaiter().GetResult();
        return inBrowser;
    }

    [Fact]
    public void The_preview_shows_markdown_and_never_a_script_or_an_event_handler()
    {
        var cut = RenderForm();

        Type(cut, "**Bold** <script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3))");

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
        Type(cut, "We object.");

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
        Type(cut, "Typed just before the tab closed.");

        await DisposeComponentsAsync();

        var form = await _mediator.Send(new SubmissionForm.Query(OpenConsultation));
        Assert.Equal("Typed just before the tab closed.", form.Draft?.Text);
        var back = Render<PositionPage>(ps => ps.Add(p => p.Slug, OpenConsultation));
        back.WaitForAssertion(() => Assert.Contains("Typed just before the tab closed.", back.Find("[data-testid=draft-offer]").TextContent));
    }

    [Fact]
    public void The_text_is_read_from_the_browser_only_once_the_writer_pauses_and_its_length_is_counted()
    {
        var cut = RenderForm();
        Assert.Empty(_read.Invocations);
        Assert.Equal("0 of 100,000 characters", cut.Find("[data-testid=text-count]").TextContent.Trim());

        var typed = Type(cut, "Zürich, 東京 and 🎉 *agree*.");

        Assert.Single(_read.Invocations);
        Assert.True(typed.Opened);
        cut.WaitForAssertion(() => Assert.Equal("agree", cut.Find(".preview-body em").TextContent));
        Assert.Contains("東京 and 🎉", cut.Find(".preview-body").TextContent);
        Assert.Equal($"{"Zürich, 東京 and 🎉 *agree*.".Length} of 100,000 characters", cut.Find("[data-testid=text-count]").TextContent.Trim());
    }

    [Fact]
    public void A_text_over_the_limit_is_refused_beside_the_field_and_stays_in_it()
    {
        var cut = RenderForm();
        Type(cut, new string('é', SubmissionContent.MaxTextLength + 1));

        cut.Find("form.position-form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("The text must be at most 100,000 characters.",
            cut.Find("textarea#Text").ParentElement!.QuerySelector(".validation-message")?.TextContent));
        Assert.Contains("text-danger", cut.Find("[data-testid=text-count]").ClassName);
        Assert.Contains("100,001 of 100,000 characters", cut.Find("[data-testid=text-count]").TextContent);
        Assert.Equal("/", new Uri(Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().Uri).AbsolutePath);
    }

    [Fact]
    public void A_text_with_more_bytes_than_the_limit_allows_is_refused_without_being_read()
    {
        var cut = RenderForm();
        var typed = Type(cut, new string('x', 3 * SubmissionContent.MaxTextLength + 1));
        Assert.False(typed.Opened);

        cut.Find("form.position-form").Submit();

        cut.WaitForAssertion(() => Assert.Equal("The text must be at most 100,000 characters.",
            cut.Find("textarea#Text").ParentElement!.QuerySelector(".validation-message")?.TextContent));
        Assert.False(typed.Opened);
    }
}
