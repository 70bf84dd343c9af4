using Consultation.Application.Pipeline;
using Consultation.Domain.Common;

namespace Consultation.Web.Components.Shared;

/// <summary>
/// The refusals a person can read and act on (a domain rule, something that is gone, a right withdrawn since the
/// page opened, a change someone else made first), turned into the message to show them. Anything else is a fault and propagates.
/// </summary>
public static class Refusals
{
    /// <returns>null when <paramref name="action"/> succeeded, else the refusal's message.</returns>
    public static async Task<string?> MessageOfAsync(Func<Task> action)
    {
        try
        {
            await action();
            return null;
        }
        catch (Exception refusal) when (refusal is DomainRuleException or NotFoundException or AccessDeniedException or ConflictException)
        {
            return refusal.Message;
        }
    }
}
