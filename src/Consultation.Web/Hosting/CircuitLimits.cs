using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Consultation.Web.Hosting;

/// <summary>Limits on interactive circuits; <c>Consultation:Circuits</c>.</summary>
public sealed class CircuitLimitOptions
{
    public const string Section = "Consultation:Circuits";

    /// <summary>Open circuits (tabs with an interactive page) one signed-in person may hold at once.</summary>
    public int MaxPerPerson { get; set; } = 10;
}

/// <summary>
/// Counts the open circuits of each signed-in person, so that one account cannot hold an unbounded share of the
/// server's memory. Circuits are tracked by id, so closing a refused circuit, or closing one twice, frees nothing twice.
/// </summary>
public sealed class CircuitsPerPerson
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, HashSet<string>> _byPerson = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _personOf = new(StringComparer.Ordinal);

    /// <summary>Counts the circuit for the person; false (and not counted) when they already hold <paramref name="cap"/>.</summary>
    public bool TryOpen(string personId, string circuitId, int cap)
    {
        lock (_gate)
        {
            if (_personOf.ContainsKey(circuitId)) return true;
            if (!_byPerson.TryGetValue(personId, out var circuits)) _byPerson[personId] = circuits = [];
            if (circuits.Count >= cap) return false;
            circuits.Add(circuitId);
            _personOf[circuitId] = personId;
            return true;
        }
    }

    public void Close(string circuitId)
    {
        lock (_gate)
        {
            if (!_personOf.Remove(circuitId, out var personId)) return;
            var circuits = _byPerson[personId];
            circuits.Remove(circuitId);
            if (circuits.Count == 0) _byPerson.Remove(personId);
        }
    }

    public int OpenFor(string personId)
    {
        lock (_gate) return _byPerson.TryGetValue(personId, out var circuits) ? circuits.Count : 0;
    }
}

/// <summary>Refuses a circuit beyond the cap: the exception ends the circuit before any component runs on it.</summary>
internal sealed class CircuitCapHandler(AuthenticationStateProvider authentication, CircuitsPerPerson counter,
    Microsoft.Extensions.Options.IOptions<CircuitLimitOptions> options, ILogger<CircuitCapHandler> logger) : CircuitHandler
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        var personId = (await authentication.GetAuthenticationStateAsync()).User.FindFirstValue(ClaimTypes.NameIdentifier);
        if (personId is null || counter.TryOpen(personId, circuit.Id, options.Value.MaxPerPerson)) return;
        logger.LogWarning("Refused an interactive circuit: the person already holds {Cap} open circuits.", options.Value.MaxPerPerson);
        throw new InvalidOperationException($"At most {options.Value.MaxPerPerson} interactive pages may be open at once.");
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        counter.Close(circuit.Id);
        return Task.CompletedTask;
    }
}

public static class CircuitLimits
{
    /// <summary>
    /// Interactive server rendering with explicit limits: 32 KB per message from the browser (SignalR's hub default for
    /// Blazor, written down so that it is not raised by accident), disconnected circuits kept 3 minutes and at most 100
    /// of them, and a cap on open circuits per signed-in person.
    /// </summary>
    public static IServiceCollection AddLimitedInteractiveServer(this IServiceCollection services)
    {
        services.AddRazorComponents()
            .AddInteractiveServerComponents(circuit =>
            {
                circuit.DisconnectedCircuitMaxRetained = 100;
                circuit.DisconnectedCircuitRetentionPeriod = TimeSpan.FromMinutes(3);
                circuit.JSInteropDefaultCallTimeout = TimeSpan.FromMinutes(1);
            })
            .AddHubOptions(hub => hub.MaximumReceiveMessageSize = 32 * 1024);
        services.AddOptions<CircuitLimitOptions>().BindConfiguration(CircuitLimitOptions.Section)
            .Validate(o => o.MaxPerPerson > 0, $"{CircuitLimitOptions.Section}:MaxPerPerson must be positive.").ValidateOnStart();
        services.AddSingleton<CircuitsPerPerson>();
        services.AddScoped<CircuitHandler, CircuitCapHandler>();
        return services;
    }
}
