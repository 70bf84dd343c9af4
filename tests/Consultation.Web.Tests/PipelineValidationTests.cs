using System.Linq.Expressions;
using Bunit;
using Consultation.Application.Pipeline;
using Consultation.Web.Components.Shared;
using Microsoft.AspNetCore.Components.Forms;

namespace Consultation.Web.Tests;

public sealed class PipelineValidationTests : BunitContext
{
    private sealed class CommentForm
    {
        public string Text { get; set; } = "";
    }

    private readonly CommentForm _model = new();
    private PipelineValidation? _validation;
    private EditContext? _form;

    private IRenderedComponent<EditForm> RenderForm() => Render<EditForm>(ps => ps
        .Add(p => p.Model, _model)
        .Add(p => p.ChildContent, form => builder =>
        {
            _form = form;
            builder.OpenComponent<PipelineValidation>(0);
            builder.AddComponentReferenceCapture(1, component => _validation = (PipelineValidation)component);
            builder.CloseComponent();
            builder.OpenComponent<ValidationMessage<string>>(2);
            builder.AddAttribute(3, nameof(ValidationMessage<string>.For), (Expression<Func<string>>)(() => _model.Text));
            builder.CloseComponent();
            builder.OpenComponent<ValidationSummary>(4);
            builder.CloseComponent();
        }));

    private static InputInvalidException Refusal() => new(new Dictionary<string, string[]>
    {
        ["Text"] = ["Write the text of your comment."],
        ["Deadline"] = ["The comment period has closed."],
    });

    [Fact]
    public void A_refused_request_shows_each_message_next_to_its_field()
    {
        var cut = RenderForm();

        cut.InvokeAsync(() => _validation!.Show(Refusal()));

        Assert.Equal("Write the text of your comment.", cut.Find("div.validation-message").TextContent);
        Assert.Contains("The comment period has closed.", cut.Find("ul.validation-errors").TextContent);
    }

    [Fact]
    public void Editing_the_field_clears_its_message()
    {
        var cut = RenderForm();
        cut.InvokeAsync(() => _validation!.Show(Refusal()));

        cut.InvokeAsync(() => _form!.NotifyFieldChanged(_form.Field(nameof(CommentForm.Text))));

        Assert.Empty(cut.FindAll("div.validation-message"));
        Assert.Contains("The comment period has closed.", cut.Find("ul.validation-errors").TextContent);
    }
}
