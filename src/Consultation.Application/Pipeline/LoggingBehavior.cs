using System.Diagnostics;
using Consultation.Domain.Common;
using Mediator;
using Microsoft.Extensions.Logging;

namespace Consultation.Application.Pipeline;

/// <summary>One structured log line per request: its name, the sender, the outcome and the time taken.</summary>
public sealed class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger, ICurrentUser user)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var request = RequestName(typeof(TMessage));
        try
        {
            var response = await next(message, cancellationToken);
            logger.LogInformation("{Request} by {PersonId} succeeded in {ElapsedMs:0.0} ms",
                request, user.PersonId ?? "anonymous", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return response;
        }
        catch (Exception refusal) when (refusal is AccessDeniedException or InputInvalidException or NotFoundException or DomainRuleException)
        {
            logger.LogInformation("{Request} by {PersonId} refused: {Refusal} {Reason}",
                request, user.PersonId ?? "anonymous", refusal.GetType().Name, refusal.Message);
            throw;
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            logger.LogError(failure, "{Request} by {PersonId} failed after {ElapsedMs:0.0} ms",
                request, user.PersonId ?? "anonymous", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            throw;
        }
    }

    /// <summary>"ShowConsultation.Query" rather than "Query": slices nest their messages.</summary>
    private static string RequestName(Type type) => type.DeclaringType is { } slice ? $"{slice.Name}.{type.Name}" : type.Name;
}
