using System.Security.Claims;
using Consultation.Application.Pipeline;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace Consultation.Web.Identity;

/// <summary>
/// The signed-in principal of the current scope. An HTTP request sets it from HttpContext.User (middleware);
/// an interactive circuit, whose scope outlives any request, sets it from the authentication state.
/// </summary>
public sealed class PrincipalHolder
{
    public ClaimsPrincipal Principal { get; set; } = new(new ClaimsIdentity());
}

public sealed class CurrentUser(PrincipalHolder holder) : ICurrentUser
{
    public string? PersonId => holder.Principal.Identity?.IsAuthenticated == true
        ? holder.Principal.FindFirstValue(ClaimTypes.NameIdentifier)
        : null;

    /// <summary>
    /// Chair and Administrator count only for a session signed into with a second factor. Requests already carry a
    /// principal without them (<see cref="ElevatedStanding"/>); checking here too covers any principal set another way.
    /// </summary>
    public bool IsInRole(string role) => PersonId is not null && holder.Principal.IsInRole(role)
                                         && (!SessionClaims.IsElevated(role) || holder.Principal.UsedSecondFactor());

    public bool AwaitsSecondFactorFor(string role) => PersonId is not null && holder.Principal.AwaitsSecondFactorFor(role);
}

/// <summary>Keeps a circuit's <see cref="PrincipalHolder"/> in step with its authentication state.</summary>
internal sealed class PrincipalCircuitHandler(AuthenticationStateProvider authentication, PrincipalHolder holder)
    : CircuitHandler, IDisposable
{
    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        authentication.AuthenticationStateChanged += OnAuthenticationChanged;
        return base.OnCircuitOpenedAsync(circuit, cancellationToken);
    }

    public override async Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken) =>
        holder.Principal = (await authentication.GetAuthenticationStateAsync()).User;

    private void OnAuthenticationChanged(Task<AuthenticationState> state) => _ = UpdateAsync(state);

    private async Task UpdateAsync(Task<AuthenticationState> state) => holder.Principal = (await state).User;

    public void Dispose() => authentication.AuthenticationStateChanged -= OnAuthenticationChanged;
}
