using Consultation.Application.Persistence;
using Consultation.Application.Persistence.Sqlite;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore.Design;

namespace Consultation.Migrations.Sqlite;

/// <summary>
/// Lets `dotnet ef migrations add` build the model without starting the web host:
/// dotnet ef migrations add NAME --project migrations/Consultation.Migrations.Sqlite
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<ConsultationDbContext>
{
    public ConsultationDbContext CreateDbContext(string[] args)
    {
        var services = new ServiceCollection().Configure<IdentityOptions>(ConsultationDbContext.UseIdentitySchema).BuildServiceProvider();
        var options = new DbContextOptionsBuilder<ConsultationDbContext>().UseApplicationServiceProvider(services);
        new SqliteDatabaseProvider("Data Source=design-time.db").Configure(options);
        return new ConsultationDbContext(options.Options);
    }
}
