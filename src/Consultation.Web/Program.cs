using Consultation.Application;
using Consultation.Web.Endpoints.PublicApi;
using Consultation.Web.Hosting;

// The content root is the build output, where the top-level appsettings.json is copied: `dotnet run`, a
// published build and the test host all read the same file.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.Services
    .AddPersistence()
    .AddApplication(builder.Configuration)
    .AddFeatures(builder.Environment)
    .AddIdentityAndRoles()
    .AddPortalUi()
    .AddPublicApi()
    .AddOperations()
    .AddSecurityHeaders()
    .AddPortalRateLimits()
    .AddBackgroundWork();

var app = builder.Build();

await app.PrepareDatabaseAsync();
app.UsePortalPipeline();
app.MapPortal();
app.Run();

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
