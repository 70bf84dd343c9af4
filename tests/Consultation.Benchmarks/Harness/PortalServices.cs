using Consultation.Application;
using Consultation.Application.Pipeline;
using Consultation.Web.Hosting;
using Mediator;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;

namespace Consultation.Benchmarks.Harness;

/// <summary>
/// The application composed as the web host composes it (persistence, application services, the mediator with its
/// behaviors, Identity) over a data directory, in this process: for the generator, and for the ingest scenario, which
/// sends commands through the whole pipeline without a browser in the way. The clock is the real one.
/// </summary>
public sealed class PortalServices : IAsyncDisposable
{
    private readonly ServiceProvider _services;

    public PortalServices(string dataDirectory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["Consultation:DataDirectory"] = dataDirectory,
            ["Consultation:SeedDemoData"] = "true",
            ["Consultation:DemoPassword"] = PortalServer.DemoPassword,
        };
        foreach (var (name, value) in settings ?? new Dictionary<string, string?>()) values[name] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning).AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Error))
            .AddSingleton<IConfiguration>(configuration)
            .AddPersistence()
            .AddApplication(configuration)
            .AddFeatures(new HostingEnvironment { EnvironmentName = Environments.Production })
            .AddIdentityAndRoles();
        services.Replace(ServiceDescriptor.Scoped<ICurrentUser, BenchmarkUser>());
        _services = services.BuildServiceProvider();
    }

    public IServiceProvider Services => _services;

    /// <summary>Migrates the database and seeds the demo data into an empty one, as the portal does at start.</summary>
    public Task InitializeAsync(CancellationToken cancellationToken) =>
        InScopeAsync(sp => sp.GetRequiredService<Application.Persistence.DatabaseInitializer>().InitializeAsync(cancellationToken));

    /// <summary>Sends a command through the mediator and its behaviors, in its own scope, as the person <paramref name="personId"/>.</summary>
    public async Task<T> SendAsync<T>(string personId, IReadOnlySet<string> roles, ICommand<T> command, CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        var user = (BenchmarkUser)scope.ServiceProvider.GetRequiredService<ICurrentUser>();
        (user.PersonId, user.Roles) = (personId, roles);
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(command, cancellationToken);
    }

    /// <summary>Asks a query as an anonymous reader, as the public archive's pages do.</summary>
    public async Task<T> AskAsync<T>(IQuery<T> query, CancellationToken cancellationToken)
    {
        await using var scope = _services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IMediator>().Send(query, cancellationToken);
    }

    public async Task InScopeAsync(Func<IServiceProvider, Task> action)
    {
        await using var scope = _services.CreateAsyncScope();
        await action(scope.ServiceProvider);
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();

    /// <summary>Who the benchmark acts as: set before each request, as the web host's principal is.</summary>
    private sealed class BenchmarkUser : ICurrentUser
    {
        public string? PersonId { get; set; }
        public IReadOnlySet<string> Roles { get; set; } = new HashSet<string>();
        public bool IsInRole(string role) => PersonId is not null && Roles.Contains(role);
    }
}
