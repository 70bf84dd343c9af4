using Consultation.Application;
using Consultation.Application.Features.Consultations;
using Consultation.Application.Pipeline;
using Consultation.Web.Identity;

namespace Consultation.Web.Hosting;

public static class FeatureRegistration
{
    /// <summary>
    /// The mediator and its pipeline, in order: log, authorize, validate, then the handler. Scoped, because
    /// handlers depend on the scoped current user (a circuit or an HTTP request).
    /// </summary>
    public static IServiceCollection AddFeatures(this IServiceCollection services, IHostEnvironment environment)
    {
        services.AddMediator(options =>
        {
            options.ServiceLifetime = ServiceLifetime.Scoped;
            options.Assemblies = [typeof(ListConsultations)];
            options.PipelineBehaviors = [typeof(LoggingBehavior<,>), typeof(AuthorizationBehavior<,>), typeof(ValidationBehavior<,>)];
        });
        services.AddScoped<PrincipalHolder>();
        services.AddScoped<ICurrentUser, CurrentUser>();
        // Demo data is seeded in Development unless configuration says otherwise.
        services.PostConfigure<ConsultationOptions>(o => o.SeedDemoData ??= environment.IsDevelopment());
        services.AddScoped<Application.DemoData.DemoDataSeeder>();
        return services;
    }
}
