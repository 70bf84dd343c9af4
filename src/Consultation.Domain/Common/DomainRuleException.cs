namespace Consultation.Domain.Common;

/// <summary>
/// A domain rule refused an action. <see cref="Rule"/> names the rule so that callers (and tests)
/// can tell refusals apart; the message is written for the person who tried.
/// </summary>
public sealed class DomainRuleException(string rule, string message) : Exception(message)
{
    public string Rule { get; } = rule;
}

internal static class Guard
{
    public static void Require(bool condition, string rule, string message)
    {
        if (!condition) throw new DomainRuleException(rule, message);
    }

    public static string Text(string? value, string rule, string what, int maxLength)
    {
        var trimmed = value?.Trim() ?? "";
        Require(trimmed.Length > 0, rule, $"{what} is required.");
        Require(trimmed.Length <= maxLength, rule, $"{what} must be at most {maxLength} characters.");
        return trimmed;
    }

    /// <summary>An instant in a message: UTC, named, the same in every culture.</summary>
    public static string Show(DateTimeOffset? instant) => instant is { } at ? UtcText.Of(at) : "";

    public static DateTimeOffset Utc(DateTimeOffset instant, string what)
    {
        Require(instant.Offset == TimeSpan.Zero, "utc-instants", $"{what} must be given in UTC.");
        return instant;
    }
}
