namespace Consultation.Web.Components.Shared;

/// <summary>
/// The long texts of one <see cref="CommandForm{TModel}"/>: they stay in the browser while they are written (one
/// circuit message from the browser is at most 32 KB) and are read into the form's model just before it is sent.
/// </summary>
public sealed class FormTexts
{
    private readonly List<LongTextInput> _fields = [];

    public void Add(LongTextInput field)
    {
        if (!_fields.Contains(field)) _fields.Add(field);
    }

    public void Remove(LongTextInput field) => _fields.Remove(field);

    /// <summary>Brings every text in the model up to what is in the browser now.</summary>
    /// <exception cref="Application.Pipeline.InputInvalidException">A text is too long to be read at all (message beside it).</exception>
    public async Task ReadAllAsync(CancellationToken cancellationToken)
    {
        foreach (var field in _fields.ToList()) await field.ReadAsync(cancellationToken);
    }
}
