using Consultation.Application.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Security;

/// <summary>Where a request comes from, as the host knows it (an HTTP request's remote address); null when unknown.</summary>
public interface IClientOrigin
{
    string? Address { get; }
}

/// <summary>Writes security events that stand on their own (sign-ins, refusals) in a context of their own.</summary>
public interface ISecurityLog
{
    /// <summary>An event recorded beside a change (same transaction): add it to that change's context.</summary>
    SecurityEvent Of(SecurityEventKind kind, string? personId, string detail);

    Task WriteAsync(SecurityEventKind kind, string? personId, string detail, CancellationToken cancellationToken = default);
}

public sealed class SecurityLog(IDbContextFactory<ConsultationDbContext> factory, TimeProvider clock, IClientOrigin? origin = null) : ISecurityLog
{
    public SecurityEvent Of(SecurityEventKind kind, string? personId, string detail) =>
        new(kind, personId, detail, origin?.Address, clock.GetUtcNow());

    public async Task WriteAsync(SecurityEventKind kind, string? personId, string detail, CancellationToken cancellationToken = default)
    {
        // Its own context and transaction: a refusal is recorded although the request it refused changes nothing.
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.SecurityEvents.Add(Of(kind, personId, detail));
        await db.SaveChangesAsync(cancellationToken);
    }
}
