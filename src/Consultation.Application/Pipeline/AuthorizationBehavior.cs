using System.Collections.Concurrent;
using System.Reflection;
using Mediator;

namespace Consultation.Application.Pipeline;

/// <summary>Refuses a request whose sender is not in its declared audience, before validation or the handler.</summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(ICurrentUser user)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : IMessage
{
    private static readonly ConcurrentDictionary<Type, AllowedForAttribute> Declarations = new();

    public ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var allowed = DeclarationOf(message.GetType());
        if (allowed.Audience == Audience.SignedIn && user.PersonId is null)
            throw new AccessDeniedException("Sign in to do this.");
        if (allowed.Roles.Count > 0 && !allowed.Roles.Any(user.IsInRole))
            throw new AccessDeniedException($"This needs the role {string.Join(" or ", allowed.Roles)}.");
        return next(message, cancellationToken);
    }

    public static AllowedForAttribute DeclarationOf(Type requestType) => Declarations.GetOrAdd(requestType, type =>
        (type.GetCustomAttribute<AllowedForAttribute>() ?? type.DeclaringType?.GetCustomAttribute<AllowedForAttribute>())
        ?? throw new InvalidOperationException($"{type.FullName} does not declare who may send it ([AllowedFor])."));
}
