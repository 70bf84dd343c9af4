using Consultation.Application.DemoData;
using Consultation.Application.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Consultation.Application.Persistence;

/// <summary>At start-up: prepare the database file, apply migrations, make sure the roles exist, seed demo data if asked.</summary>
public sealed class DatabaseInitializer(
    IDatabaseProvider provider,
    IDbContextFactory<ConsultationDbContext> factory,
    RoleManager<IdentityRole> roles,
    IServiceProvider services,
    IOptions<ConsultationOptions> options,
    ILogger<DatabaseInitializer> logger)
{
    public async Task InitializeAsync(CancellationToken cancellationToken = default)
    {
        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            await provider.PrepareAsync(db, cancellationToken);
            var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (pending.Count > 0)
            {
                logger.LogInformation("Applying {Count} migration(s) to the {Provider} database: {Migrations}",
                    pending.Count, provider.Name, string.Join(", ", pending));
                await db.Database.MigrateAsync(cancellationToken);
            }
        }

        foreach (var role in Roles.All)
            if (!await roles.RoleExistsAsync(role))
                await roles.CreateAsync(new IdentityRole(role));

        if (options.Value.SeedDemoData == true)
            await services.GetRequiredService<DemoDataSeeder>().SeedIfEmptyAsync(cancellationToken);
    }
}
