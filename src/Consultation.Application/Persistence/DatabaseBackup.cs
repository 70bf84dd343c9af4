using Consultation.Application.Features.Ledger;
using Consultation.Application.Ledger;
using Microsoft.EntityFrameworkCore;

namespace Consultation.Application.Persistence;

/// <summary>
/// The operator's backup and restore of the whole database (the host's <c>backup</c> and <c>restore</c> commands). The
/// engine copies and replaces (<see cref="IDatabaseBackup"/>); this decides what may be written where and checks every copy
/// with the portal's own ledger queries before anyone relies on it.
/// </summary>
/// <remarks>
/// The ledger of a copy is read by the <see cref="LedgerHead"/> and <see cref="VerifyLedger"/> handlers themselves, given
/// contexts on the copy: the mediator's handlers read the live database, and a copy is not it.
/// </remarks>
public sealed class DatabaseBackup(
    IDatabaseProvider provider,
    IDbContextFactory<ConsultationDbContext> contexts,
    IEnumerable<ILedgerSubjectCheck> checks,
    TimeProvider clock)
{
    /// <param name="Head">The ledger head in the copy, for the operator to compare with the portal's and after a restore.</param>
    public sealed record BackupMade(string File, long Bytes, LedgerHead.Result Head);

    /// <param name="KeptAs">Where the replaced database now is; null when there was none.</param>
    /// <param name="MigrationsApplied">Migrations the backup was older than, applied to it before its ledger was verified.</param>
    public sealed record Restored(string Database, string? KeptAs, LedgerHead.Result Head, VerifyLedger.Result Ledger, IReadOnlyList<string> MigrationsApplied);

    public string LiveLocation => provider.Backup.LiveLocation;

    /// <summary>
    /// Copies the live database to <paramref name="file"/> while the portal runs. The copy is written under a temporary name
    /// beside it and renamed only once it is complete and checked, so the name never holds half a backup.
    /// </summary>
    public async Task<BackupMade> BackUpAsync(string file, bool replaceExisting, CancellationToken cancellationToken = default)
    {
        var target = Path.GetFullPath(file);
        if (File.Exists(target) && !replaceExisting)
            throw new BackupRefusedException($"{target} exists already. Choose another name, or add --force to replace it.");
        var folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        var partial = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.partial");
        try
        {
            await provider.Backup.WriteCopyAsync(partial, cancellationToken);
            if (await provider.Backup.ProblemWithCopyAsync(partial, cancellationToken) is { } problem)
                throw new BackupRefusedException($"The copy of {LiveLocation} failed its check, so no backup was written: {problem}.");
            var head = await HeadOfAsync(partial, cancellationToken);
            File.Move(partial, target, replaceExisting);
            return new BackupMade(target, new FileInfo(target).Length, head);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Puts the backup in <paramref name="file"/> in place of the live database, which must not be in use (the portal
    /// stopped). The backup is checked, brought up to this version's migrations and its ledger verified on a copy beside
    /// the database first; the database it replaces is kept beside it, never deleted.
    /// </summary>
    public async Task<Restored> RestoreAsync(string file, CancellationToken cancellationToken = default)
    {
        var source = Path.GetFullPath(file);
        if (!File.Exists(source)) throw new BackupRefusedException($"There is no backup at {source}.");
        if (await provider.Backup.ProblemWithCopyAsync(source, cancellationToken) is { } problem) throw Unrestorable(source, problem);

        var live = LiveLocation;
        Directory.CreateDirectory(Path.GetDirectoryName(live)!);
        var staged = $"{live}.restoring-{Guid.NewGuid():N}";
        try
        {
            File.Copy(source, staged);
            var applied = await MigrateAsync(source, staged, cancellationToken);
            var ledger = await new VerifyLedger.Handler(ContextsOn(staged), provider, checks).Handle(new VerifyLedger.Query(), cancellationToken);
            if (!ledger.IsIntact)
                throw Unrestorable(source, $"its ledger is broken at entry {ledger.FirstBrokenSequence} ({ledger.FirstBrokenKind}): {ledger.Problem}");
            var head = await HeadOfAsync(staged, cancellationToken);

            var keep = $"{live}.before-restore-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
            var replacing = File.Exists(live);
            await provider.Backup.ReplaceLiveAsync(staged, keep, cancellationToken);
            return new Restored(live, replacing ? keep : null, head, ledger, applied);
        }
        finally
        {
            File.Delete(staged);
        }
    }

    /// <summary>Applies the migrations this version has and the backup lacks (as the next start would); refuses a backup from a newer version.</summary>
    private async Task<IReadOnlyList<string>> MigrateAsync(string source, string staged, CancellationToken cancellationToken)
    {
        await using var db = ContextsOn(staged).CreateDbContext();
        var known = db.Database.GetMigrations().ToHashSet();
        if ((await db.Database.GetAppliedMigrationsAsync(cancellationToken)).FirstOrDefault(m => !known.Contains(m)) is { } unknown)
            throw Unrestorable(source, $"it was made by a newer version of the portal (its migration {unknown} is unknown here); restore it with that version");
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        if (pending.Count > 0) await db.Database.MigrateAsync(cancellationToken);
        return pending;
    }

    private Task<LedgerHead.Result> HeadOfAsync(string copy, CancellationToken cancellationToken) =>
        new LedgerHead.Handler(ContextsOn(copy)).Handle(new LedgerHead.Query(), cancellationToken).AsTask();

    private static BackupRefusedException Unrestorable(string source, string problem) =>
        new($"{source} cannot be restored: {problem}. Nothing was changed.");

    private ContextsOnCopy ContextsOn(string copy) => new(contexts, provider.Backup.ConnectionStringFor(copy));

    /// <summary>The portal's own contexts (model, interceptors, migrations), pointed at a copy.</summary>
    private sealed class ContextsOnCopy(IDbContextFactory<ConsultationDbContext> live, string connectionString) : IDbContextFactory<ConsultationDbContext>
    {
        public ConsultationDbContext CreateDbContext()
        {
            var db = live.CreateDbContext();
            db.Database.SetConnectionString(connectionString);
            return db;
        }
    }
}
