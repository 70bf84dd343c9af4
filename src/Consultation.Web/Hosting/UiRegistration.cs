using Consultation.Web.Identity;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Consultation.Web.Hosting;

public static class UiRegistration
{
    /// <summary>Razor components: static server rendering for readers, interactive server rendering where a page asks for it.</summary>
    public static IServiceCollection AddPortalUi(this IServiceCollection services)
    {
        services.AddLimitedInteractiveServer();
        services.AddScoped<CircuitHandler, PrincipalCircuitHandler>();
        return services;
    }
}
