using Consultation.Domain.Reviews;

namespace Consultation.Web.Components.Pages.Chair;

/// <summary>A disposition with its response, as the stage page's forms edit it; the names are SetDisposition's.</summary>
public sealed class AnswerForm
{
    public Disposition? Disposition { get; set; }
    public string Response { get; set; } = "";
    public Guid? DuplicateOfItemId { get; set; }
}
