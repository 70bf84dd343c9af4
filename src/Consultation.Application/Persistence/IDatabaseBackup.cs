namespace Consultation.Application.Persistence;

/// <summary>
/// How one engine copies its whole database and puts a copy back (<see cref="IDatabaseProvider.Backup"/>). What is the
/// same for every engine (file names, the ledger check, messages) is <see cref="DatabaseBackup"/>'s. An engine that
/// cannot do this from inside the portal (a server, whose own dump tools are the way) throws
/// <see cref="BackupRefusedException"/> naming them.
/// </summary>
public interface IDatabaseBackup
{
    /// <summary>Where the live database is, as an operator knows it (a file path).</summary>
    string LiveLocation { get; }

    /// <summary>Writes one consistent state of the live database to a new file while the portal goes on reading and writing.</summary>
    Task WriteCopyAsync(string file, CancellationToken cancellationToken);

    /// <summary>
    /// Why the file is not a sound copy of a portal database (not a database of this engine, damaged, without the
    /// portal's ledger or migrations history), or null when it is.
    /// </summary>
    Task<string?> ProblemWithCopyAsync(string file, CancellationToken cancellationToken);

    /// <summary>The connection string that opens a copy (never creating one), so the portal's own queries can read it.</summary>
    string ConnectionStringFor(string file);

    /// <summary>
    /// Puts the copy in place of the live database, keeping the replaced one (if any) as <paramref name="keepReplacedAs"/>.
    /// Refuses while anything else has the live database open: restoring under a running portal would lose its writes.
    /// </summary>
    Task ReplaceLiveAsync(string copy, string keepReplacedAs, CancellationToken cancellationToken);
}

/// <summary>A backup or restore that cannot go ahead, with the reason for the operator.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);
