using Consultation.Application;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Web.Components.Account;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Consultation.Web.Hosting;

public static class IdentityRegistration
{
    /// <summary>ASP.NET Core Identity with roles, the ASVS password length rule and lockout on repeated failures.</summary>
    public static IServiceCollection AddIdentityAndRoles(this IServiceCollection services)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthorization();
        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        // Identity's stores take a scoped context; handlers take the factory.
        services.TryAddScoped(sp => sp.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContext());
        services.AddIdentityCore<Person>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.User.RequireUniqueEmail = true;
                // ASVS 5.0: length, not composition, makes a password strong.
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Password.RequiredUniqueChars = 1;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddRoles<IdentityRole>()
            .AddPasswordValidator<Identity.CommonPasswordValidator>()
            .AddEntityFrameworkStores<ConsultationDbContext>()
            .AddSignInManager<Identity.AuditedSignInManager>()
            .AddDefaultTokenProviders();

        services.AddScoped<Identity.AccountClosure>();
        services.AddHttpContextAccessor();
        services.AddScoped<Consultation.Application.Security.IClientOrigin, Identity.HttpClientOrigin>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, Identity.AuditedAuthorizationResultHandler>();
        services.AddSingleton<IEmailSender<Person>, IdentityEmailSender>();

        // Keys that sign cookies and antiforgery tokens live beside the database, so sign-ins survive a restart.
        services.AddDataProtection().SetApplicationName("Consultation");
        services.AddOptions<KeyManagementOptions>().Configure<IOptions<ConsultationOptions>, ILoggerFactory>((keys, options, logs) =>
            keys.XmlRepository = new FileSystemXmlRepository(new DirectoryInfo(Path.Combine(options.Value.ResolvedDataDirectory, "keys")), logs));
        return services;
    }
}
