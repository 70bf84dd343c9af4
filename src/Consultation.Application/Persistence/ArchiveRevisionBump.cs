using System.Runtime.CompilerServices;
using Consultation.Application.Identity;
using Consultation.Application.Notifications;
using Consultation.Domain.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage;

namespace Consultation.Application.Persistence;

/// <summary>
/// Bumps the <see cref="ArchiveRevision"/> inside the transaction of every save that adds, changes or deletes something
/// public output may show. What is left out is listed (<see cref="IsPrivate"/>), never what is counted: a type added
/// later counts by default, because bumping too often only costs a cache a fresh copy, while missing a change would
/// serve readers a stale one.
/// </summary>
/// <remarks>
/// The bump is one <c>UPDATE ... SET Number = Number + 1</c>, so concurrent writers never lose one to a
/// read-modify-write race. A save outside any transaction gets one begun here, committed with the save, so that the
/// change and the bump are never seen apart. Writes that bypass SaveChanges (ExecuteUpdate/ExecuteDelete) are not seen:
/// they are only used on private rows (drafts, notifications, the receipt emails' mark). Group commit (<see cref="GroupCommit"/>) saves many
/// submissions in one transaction and bumps once for all of them, just before its commit (<see cref="Defer"/>).
/// </remarks>
public sealed class ArchiveRevisionBump(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly string? IdentityNamespace = typeof(IdentityRole).Namespace;

    private readonly ConditionalWeakTable<DbContext, IDbContextTransaction> _begunHere = new();

    /// <summary>The contexts whose saves only note that a bump is due (<see cref="Defer"/>): true once one is, until it is made.</summary>
    private readonly ConditionalWeakTable<DbContext, StrongBox<bool>> _deferred = new();

    /// <summary>Rows no public page, export, feed or API response reads.</summary>
    public static bool IsPrivate(Type type) =>
        type == typeof(SubmissionDraft) || type == typeof(Notification) || type == typeof(ArchiveRevision)
        || type == typeof(Features.Submissions.ReceiptEmailProgress)
        || type == typeof(Security.SecurityEvent)
        || (type != typeof(Person) && type.Namespace == IdentityNamespace);

    /// <summary>
    /// A person shows in public only by the name beside what they wrote: a new account moves nothing. (Identity's store
    /// marks every column of an updated person modified, so any update through UserManager counts: too often, never too
    /// rarely.)
    /// </summary>
    public static bool ChangesPublicOutput(EntityEntry entry) => entry.State switch
    {
        EntityState.Added or EntityState.Modified or EntityState.Deleted when entry.Entity is Person =>
            entry.State == EntityState.Deleted || entry.Property(nameof(Person.DisplayName)).IsModified,
        EntityState.Added or EntityState.Modified or EntityState.Deleted => !IsPrivate(entry.Metadata.ClrType),
        _ => false,
    };

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (BumpingNow(eventData) is { } db)
        {
            if (db.Database.CurrentTransaction is null) _begunHere.AddOrUpdate(db, db.Database.BeginTransaction());
            Revision(db).ExecuteUpdate(Bump());
        }
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (BumpingNow(eventData) is { } db)
        {
            if (db.Database.CurrentTransaction is null) _begunHere.AddOrUpdate(db, await db.Database.BeginTransactionAsync(cancellationToken));
            await Revision(db).ExecuteUpdateAsync(Bump(), cancellationToken);
        }
        return result;
    }

    /// <summary>The context of a save that bumps now: one that changes public output, with no deferral taking the bump.</summary>
    private DbContext? BumpingNow(DbContextEventData eventData) =>
        eventData.Context is { } db && db.ChangeTracker.Entries().Any(ChangesPublicOutput) && !NotedForLater(db) ? db : null;

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        if (Take(eventData.Context) is { } transaction)
            using (transaction)
                transaction.Commit();
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (Take(eventData.Context) is { } transaction)
            await using (transaction)
                await transaction.CommitAsync(cancellationToken);
        return result;
    }

    // Disposing an uncommitted transaction rolls it back: the bump goes with the failed save.
    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Take(eventData.Context)?.Dispose();

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Take(eventData.Context) is { } transaction) await transaction.DisposeAsync();
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Take(eventData.Context)?.Dispose();

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Take(eventData.Context) is { } transaction) await transaction.DisposeAsync();
    }

    /// <summary>
    /// Until the returned deferral is disposed, the saves of <paramref name="db"/> (inside a transaction the caller ends)
    /// note that a bump is due instead of bumping, and <see cref="Deferral.BumpAsync"/> makes the one bump, in that
    /// transaction, before it commits: many saves in one transaction then cost one bump. A save rolled back after noting
    /// one still leaves it due: one bump too many costs a cache a fresh copy, never a stale page. Disposing ends the
    /// deferral whatever happened, so a context is never left deferring (its saves would bump nothing).
    /// </summary>
    public Deferral Defer(DbContext db)
    {
        var due = new StrongBox<bool>();
        _deferred.AddOrUpdate(db, due);
        return new Deferral(this, db, due);
    }

    /// <summary>One context's deferral (<see cref="Defer"/>): the bump it made due, made once by <see cref="BumpAsync"/>.</summary>
    public sealed class Deferral : IDisposable
    {
        private readonly ArchiveRevisionBump _bump;
        private readonly DbContext _db;
        private readonly StrongBox<bool> _due;
        private bool _disposed;

        internal Deferral(ArchiveRevisionBump bump, DbContext db, StrongBox<bool> due) => (_bump, _db, _due) = (bump, db, due);

        public async Task BumpAsync(CancellationToken cancellationToken)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_due.Value) return;
            await Revision(_db).ExecuteUpdateAsync(_bump.Bump(), cancellationToken);
            _due.Value = false;
        }

        /// <summary>Ends this deferral (not one begun on the same context since).</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            if (_bump._deferred.TryGetValue(_db, out var current) && ReferenceEquals(current, _due)) _bump._deferred.Remove(_db);
        }
    }

    private bool NotedForLater(DbContext db)
    {
        if (!_deferred.TryGetValue(db, out var due)) return false;
        due.Value = true;
        return true;
    }

    private IDbContextTransaction? Take(DbContext? db) =>
        db is not null && _begunHere.TryGetValue(db, out var transaction) && _begunHere.Remove(db) ? transaction : null;

    private static IQueryable<ArchiveRevision> Revision(DbContext db) =>
        db.Set<ArchiveRevision>().Where(r => r.Id == ArchiveRevision.SingletonId);

    private Action<UpdateSettersBuilder<ArchiveRevision>> Bump()
    {
        var now = clock.GetUtcNow();
        return set => set.SetProperty(r => r.Number, r => r.Number + 1).SetProperty(r => r.ChangedAt, now);
    }
}
