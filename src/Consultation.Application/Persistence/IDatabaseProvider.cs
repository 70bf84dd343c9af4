using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Persistence;

/// <summary>
/// What differs between database engines (SQLite now, PostgreSQL later): how to connect, which migrations
/// assembly to use, settings the file or server needs before first use, full-text search, backup and restore.
/// </summary>
public interface IDatabaseProvider
{
    string Name { get; }
    void Configure(DbContextOptionsBuilder options);
    /// <summary>Runs once at start-up, before migrations.</summary>
    Task PrepareAsync(ConsultationDbContext db, CancellationToken cancellationToken);

    /// <summary>
    /// A transaction that only reads and sees one consistent state of the database for as long as it lasts, without
    /// holding writers back (a verifier reading the whole ledger and the rows it records). Disposing it ends it.
    /// </summary>
    Task<IAsyncDisposable> BeginReadSnapshotAsync(ConsultationDbContext db, CancellationToken cancellationToken);

    /// <summary>The engine's full-text index of the archive, which its migrations create and keep in step.</summary>
    Search.ISearchIndex SearchIndex { get; }

    /// <summary>The engine's way to copy the whole database while the portal runs, and to put a copy back.</summary>
    IDatabaseBackup Backup { get; }
}
