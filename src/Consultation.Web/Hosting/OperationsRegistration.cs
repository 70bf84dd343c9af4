using Consultation.Application.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;

namespace Consultation.Web.Hosting;

public static class OperationsRegistration
{
    public const string ReadyTag = "ready";

    /// <summary>Health checks: liveness answers while the process runs; readiness asks the database.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<ConsultationDbContext>("database", tags: [ReadyTag]);
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Probes only read: any other method is answered 405, as everywhere else in the portal.</summary>
    private static readonly HttpMethodMetadata ProbeMethods = new([HttpMethods.Get, HttpMethods.Head]);

    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().WithMetadata(ProbeMethods);
        endpoints.MapHealthChecks("/healthz/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) })
            .AllowAnonymous().WithMetadata(ProbeMethods);
        return endpoints;
    }
}
