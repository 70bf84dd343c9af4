using System.Collections.Concurrent;
using System.Reflection;
using Consultation.Application.Security;
using Mediator;

namespace Consultation.Application.Pipeline;

/// <summary>
/// Refuses a request whose sender is not in its declared audience, before validation or the handler, and records every
/// refusal in the security log: this one, and those a handler makes (acting for a body without a mandate, chairing a
/// stage one does not chair).
/// </summary>
public sealed class AuthorizationBehavior<TMessage, TResponse>(ICurrentUser user, ISecurityLog log)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : IMessage
{
    private static readonly ConcurrentDictionary<Type, AllowedForAttribute> Declarations = new();

    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        try
        {
            Authorize(message);
            return await next(message, cancellationToken);
        }
        catch (AccessDeniedException refused)
        {
            var request = message.GetType();
            var name = request.DeclaringType is { } feature ? $"{feature.Name}.{request.Name}" : request.Name;
            await log.WriteAsync(SecurityEventKind.AuthorizationRefused, user.PersonId, $"{name}: {refused.Message}", CancellationToken.None);
            throw;
        }
    }

    private void Authorize(TMessage message)
    {
        var allowed = DeclarationOf(message.GetType());
        if (allowed.Audience == Audience.SignedIn && user.PersonId is null)
            throw new AccessDeniedException("Sign in to do this.");
        if (allowed.Roles.Count > 0 && !allowed.Roles.Any(user.IsInRole))
            throw new AccessDeniedException(allowed.Roles.FirstOrDefault(user.AwaitsSecondFactorFor) is { } awaiting
                ? $"Acting as {awaiting} needs a sign-in with a second factor (an authenticator app or a passkey): set one up under your account, then sign in again."
                : $"This needs the role {string.Join(" or ", allowed.Roles)}.");
    }

    public static AllowedForAttribute DeclarationOf(Type requestType) => Declarations.GetOrAdd(requestType, type =>
        (type.GetCustomAttribute<AllowedForAttribute>() ?? type.DeclaringType?.GetCustomAttribute<AllowedForAttribute>())
        ?? throw new InvalidOperationException($"{type.FullName} does not declare who may send it ([AllowedFor])."));
}
