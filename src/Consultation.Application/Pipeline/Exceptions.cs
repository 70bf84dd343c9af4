namespace Consultation.Application.Pipeline;

/// <summary>The sender may not send this request. Pages show a refusal; the API answers 403.</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>A thing named by the request does not exist (or is not public). Pages show 404.</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>
/// The request's input is invalid. <see cref="Errors"/> maps each field (the request's property name) to its
/// messages, so a form can show each message next to its field.
/// </summary>
public sealed class InputInvalidException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The input is not valid: " + string.Join(" ", errors.SelectMany(e => e.Value)))
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>
/// Someone else changed the thing first (optimistic concurrency): nothing of this request was saved. The message
/// says what happened; the page reloads the current state so the person can decide again.
/// </summary>
public sealed class ConflictException(string message) : Exception(message);
