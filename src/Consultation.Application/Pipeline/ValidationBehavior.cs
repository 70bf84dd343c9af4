using FluentValidation;
using Mediator;

namespace Consultation.Application.Pipeline;

/// <summary>Runs every FluentValidation validator of the request; handlers never re-validate input.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        // A missing required value or broken text is refused before any validator (which trusts the declared types) runs.
        var malformed = InputShape.ProblemsOf(message);
        if (malformed.Count > 0) throw new InputInvalidException(malformed);
        var failures = new List<FluentValidation.Results.ValidationFailure>();
        foreach (var validator in validators)
            failures.AddRange((await validator.ValidateAsync(message, cancellationToken)).Errors);
        if (failures.Count > 0)
            throw new InputInvalidException(failures
                .GroupBy(f => f.PropertyName)
                .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray()));
        return await next(message, cancellationToken);
    }
}
