using Consultation.Application.Pipeline;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;

namespace Consultation.Web.Components.Shared;

/// <summary>
/// Puts the pipeline's validation failures (<see cref="InputInvalidException"/>, keyed by the request's property
/// names) next to the matching fields of the surrounding EditForm, so a refused request shows what to fix where
/// it is, not as an error page. A field's messages clear as soon as the person edits it.
/// </summary>
public sealed class PipelineValidation : ComponentBase, IDisposable
{
    private ValidationMessageStore? _messages;

    [CascadingParameter] private EditContext? Form { get; set; }

    protected override void OnParametersSet()
    {
        if (_messages is not null) return;
        var form = Form ?? throw new InvalidOperationException($"{nameof(PipelineValidation)} goes inside an EditForm.");
        _messages = new ValidationMessageStore(form);
        form.OnValidationRequested += ClearAll;
        form.OnFieldChanged += ClearField;
    }

    /// <summary>Shows each message beside its field; a message for a property the form does not have goes to the summary.</summary>
    public void Show(InputInvalidException refusal)
    {
        if (Form is null || _messages is null) return;
        _messages.Clear();
        foreach (var (field, messages) in refusal.Errors)
            _messages.Add(Form.Model.GetType().GetProperty(field) is null ? new FieldIdentifier(Form.Model, "") : Form.Field(field), messages);
        Form.NotifyValidationStateChanged();
    }

    private void ClearAll(object? sender, ValidationRequestedEventArgs e) => _messages?.Clear();

    private void ClearField(object? sender, FieldChangedEventArgs e)
    {
        _messages?.Clear(e.FieldIdentifier);
        Form?.NotifyValidationStateChanged();
    }

    public void Dispose()
    {
        if (Form is null) return;
        Form.OnValidationRequested -= ClearAll;
        Form.OnFieldChanged -= ClearField;
    }
}
