using Consultation.Application.Persistence;
using Consultation.Web.Components;
using Consultation.Web.Endpoints;
using Consultation.Web.Endpoints.PublicApi;
using Consultation.Web.Identity;

namespace Consultation.Web.Hosting;

public static class PipelineRegistration
{
    /// <summary>Creates or migrates the database and seeds what configuration asks for, before the first request.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
    }

    public static WebApplication UsePortalPipeline(this WebApplication app)
    {
        app.UseTrustedProxies();
        app.UseSecurityHeaders();
        app.UseCircuitOriginCheck();
        if (app.Environment.IsDevelopment())
            app.UseMigrationsEndPoint();
        else
        {
            // An error page with the request's correlation id; never a stack trace.
            app.UseExceptionHandler("/Error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.Use((context, next) =>
        {
            context.RequestServices.GetRequiredService<PrincipalHolder>().Principal = context.User;
            return next(context);
        });
        // Before routing: it answers a HEAD as the GET it describes, and a 304 before any endpoint runs.
        app.UsePublicCaching();
        app.UseRouting();
        // After routing, so that the public API's policy applies to its endpoints only (RequireCors); pages send no CORS headers.
        app.UseCors();
        // After routing, so that the limits apply to the endpoints that ask for them (the API group, search, account forms).
        app.UseRateLimiter();
        app.UseAuthorization();
        app.UsePublicPageCache();
        app.UseAntiforgery();
        return app;
    }

    public static WebApplication MapPortal(this WebApplication app)
    {
        app.MapStaticAssets();
        app.MapHealthEndpoints();
        app.MapSecurityTxt();
        app.MapAttachments();
        app.MapOpenData();
        app.MapPublicApi();
        // Circuits' WebSocket messages are not compressed. Blazor compresses them by default and keeps zlib's state
        // between messages: about 260 KB of native memory for as long as each circuit is open, two fifths of all a circuit
        // cost (docs/BENCHMARKS.md, circuits). What a circuit sends after the first page is small render diffs, and an
        // uncompressed channel also cannot leak a secret's length through compression. Our own CSP sets frame-ancestors.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(options => options.DisableWebSocketCompression = true);
        app.MapAdditionalIdentityEndpoints();
        return app;
    }
}
