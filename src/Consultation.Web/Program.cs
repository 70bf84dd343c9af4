using Consultation.Application;
using Consultation.Web.Endpoints;
using Consultation.Web.Endpoints.PublicApi;
using Consultation.Web.Hosting;

// `backup <file>` and `restore <file>` run instead of the portal, with its configuration (Hosting/DatabaseCommand.cs).
var command = DatabaseCommand.Parse(args);

// The content root is the build output, where the top-level appsettings.json is copied: `dotnet run`, a
// published build and the test host all read the same file.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = command?.HostArguments ?? args, ContentRootPath = AppContext.BaseDirectory });

builder.Services
    .AddPersistence()
    .AddApplication(builder.Configuration)
    .AddFeatures(builder.Environment)
    .AddIdentityAndRoles()
    .AddSessionLifetimes()
    .AddPortalUi()
    .AddPublicApi()
    .AddPublicPageCache()
    .AddOperations()
    .AddSecurityHeaders()
    .AddSecurityTxt()
    .AddCookieHardening(builder.Environment)
    .AddPortalRateLimits()
    .AddTrustedProxies()
    .AddBackgroundWork();

var app = builder.Build();
if (command is not null) return await command.RunAsync(app.Services, Console.Out, Console.Error);

await app.PrepareDatabaseAsync();
app.UsePortalPipeline();
app.MapPortal();
app.Run();
return 0;

/// <summary>Visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
