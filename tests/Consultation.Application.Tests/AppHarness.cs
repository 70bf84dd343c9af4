using System.Collections.Concurrent;
using Consultation.Application;
using Consultation.Application.Identity;
using Consultation.Application.Persistence;
using Consultation.Application.Persistence.Sqlite;
using Consultation.Application.Pipeline;
using Consultation.Web.Hosting;
using Mediator;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Consultation.Application.Tests;

/// <summary>Who sends a request: anonymous, or a person with roles.</summary>
public sealed record Caller(string? PersonId, IReadOnlySet<string> Roles)
{
    public static readonly Caller Anonymous = new(null, new HashSet<string>());
}

/// <summary>The test's <see cref="ICurrentUser"/>: one per scope, set to the caller before each request.</summary>
internal sealed class TestCurrentUser : ICurrentUser
{
    public Caller Caller { get; set; } = Caller.Anonymous;
    public string? PersonId => Caller.PersonId;
    public bool IsInRole(string role) => PersonId is not null && Caller.Roles.Contains(role);
}

/// <summary>Every log line, rendered, so a test can read what the app printed.</summary>
public sealed class LogCapture : ILoggerProvider, ILogger
{
    public ConcurrentQueue<string> Lines { get; } = new();
    public ILogger CreateLogger(string categoryName) => this;
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => true;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Enqueue(formatter(state, exception));
    public void Dispose() { }
}

/// <summary>
/// The application as the web host composes it (persistence, application services, Identity, the mediator with
/// its pipeline), over a real SQLite file in a temporary folder, with a fake clock and a switchable sender.
/// As a class fixture it is migrated and seeded with the demo data at <see cref="SeededAt"/>.
/// </summary>
public sealed class AppHarness : IAsyncLifetime, IAsyncDisposable
{
    public static readonly DateTimeOffset SeededAt = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    public const string DemoPassword = "a long demo password for tests";

    private readonly ServiceProvider _services;

    public AppHarness() : this(seedDemoData: true, DemoPassword) { }

    private AppHarness(bool seedDemoData, string? demoPassword)
    {
        Folder = Directory.CreateTempSubdirectory("consultation-app-tests-").FullName;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Consultation"] = $"Data Source={DatabaseFile}",
            ["Consultation:DataDirectory"] = Folder,
            ["Consultation:SeedDemoData"] = seedDemoData.ToString(),
            ["Consultation:DemoPassword"] = demoPassword,
        }).Build();

        var services = new ServiceCollection()
            .AddLogging(logging => logging.AddProvider(Logs))
            .AddSingleton<IConfiguration>(configuration)
            .AddPersistence()
            .AddApplication(configuration)
            .AddFeatures(new HostingEnvironment { EnvironmentName = Environments.Production })
            .AddIdentityAndRoles();
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Clock));
        services.Replace(ServiceDescriptor.Scoped<ICurrentUser, TestCurrentUser>());
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }

    public string Folder { get; }
    public string DatabaseFile => Path.Combine(Folder, "test.db");
    public FakeTimeProvider Clock { get; } = new(SeededAt);
    public LogCapture Logs { get; } = new();
    /// <summary>The composed services, for a test that inspects what is registered.</summary>
    public IServiceProvider Services => _services;

    /// <summary>The application over a database file that does not exist yet.</summary>
    public static AppHarness Create(bool seedDemoData = true, string? demoPassword = DemoPassword) => new(seedDemoData, demoPassword);

    /// <summary>A migrated database; seeded with the demo data when <paramref name="seedDemoData"/>.</summary>
    public static async Task<AppHarness> StartAsync(bool seedDemoData = true, string? demoPassword = DemoPassword)
    {
        var app = Create(seedDemoData, demoPassword);
        try
        {
            await app.InitializeDatabaseAsync();
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    public Task InitializeDatabaseAsync() => InScopeAsync(sp => sp.GetRequiredService<DatabaseInitializer>().InitializeAsync());

    /// <summary>Sends the request through the mediator, in its own scope, as <paramref name="caller"/> (anonymous by default).</summary>
    public Task<T> SendAsync<T>(IQuery<T> query, Caller? caller = null) => SendAsync(caller, mediator => mediator.Send(query));

    /// <inheritdoc cref="SendAsync{T}(IQuery{T}, Caller?)"/>
    public Task<T> SendAsync<T>(ICommand<T> command, Caller? caller = null) => SendAsync(caller, mediator => mediator.Send(command));

    /// <summary>Sends whatever <paramref name="send"/> sends, in its own scope, as <paramref name="caller"/>.</summary>
    public async Task<T> SendAsync<T>(Caller? caller, Func<IMediator, ValueTask<T>> send)
    {
        await using var scope = _services.CreateAsyncScope();
        ((TestCurrentUser)scope.ServiceProvider.GetRequiredService<ICurrentUser>()).Caller = caller ?? Caller.Anonymous;
        return await send(scope.ServiceProvider.GetRequiredService<IMediator>());
    }

    /// <summary>The demo account with this email, with the roles the database gives it.</summary>
    public Task<Caller> CallerAsync(string email) => InScopeAsync(async sp =>
    {
        var users = sp.GetRequiredService<UserManager<Person>>();
        var person = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No account {email}.");
        return new Caller(person.Id, (await users.GetRolesAsync(person)).ToHashSet());
    });

    public ConsultationDbContext NewDbContext() =>
        _services.GetRequiredService<IDbContextFactory<ConsultationDbContext>>().CreateDbContext();

    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = _services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task InScopeAsync(Func<IServiceProvider, Task> action) => InScopeAsync(async sp => { await action(sp); return true; });

    Task IAsyncLifetime.InitializeAsync() => InitializeDatabaseAsync();
    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        var connectionString = ((SqliteDatabaseProvider)_services.GetRequiredService<IDatabaseProvider>()).ConnectionString;
        await _services.DisposeAsync();
        SqliteConnection.ClearPool(new SqliteConnection(connectionString));
        Directory.Delete(Folder, recursive: true);
    }
}
