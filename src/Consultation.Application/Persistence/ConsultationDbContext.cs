using System.Data.Common;
using Consultation.Application.Identity;
using Consultation.Domain.Bodies;
using Consultation.Domain.Common;
using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Consultation.Domain.Proposals;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Consultation.Application.Persistence;

/// <summary>The portal's one database: Identity's tables and the domain's. Created per operation from a factory.</summary>
public sealed class ConsultationDbContext(DbContextOptions<ConsultationDbContext> options)
    : IdentityDbContext<Person>(options)
{
    public DbSet<StakeholderBody> Bodies => Set<StakeholderBody>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Mandate> Mandates => Set<Mandate>();
    public DbSet<Proposal> Proposals => Set<Proposal>();
    public DbSet<ProposalVersion> ProposalVersions => Set<ProposalVersion>();
    public DbSet<ProposalSection> ProposalSections => Set<ProposalSection>();
    public DbSet<PublicConsultation> Consultations => Set<PublicConsultation>();
    public DbSet<DeadlineChange> DeadlineChanges => Set<DeadlineChange>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SubmissionVersion> SubmissionVersions => Set<SubmissionVersion>();
    public DbSet<SubmissionDraft> Drafts => Set<SubmissionDraft>();
    public DbSet<Attachment> Attachments => Set<Attachment>();
    public DbSet<ReviewCycle> ReviewCycles => Set<ReviewCycle>();
    public DbSet<ReviewStage> ReviewStages => Set<ReviewStage>();
    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();
    public DbSet<ConsensusCall> ConsensusCalls => Set<ConsensusCall>();
    public DbSet<ConsensusRecord> ConsensusRecords => Set<ConsensusRecord>();
    public DbSet<LedgerEntry> Ledger => Set<LedgerEntry>();
    public DbSet<Notifications.Notification> Notifications => Set<Notifications.Notification>();
    public DbSet<ArchiveRevision> ArchiveRevisions => Set<ArchiveRevision>();
    public DbSet<Features.Submissions.ReceiptEmailProgress> ReceiptEmailProgress => Set<Features.Submissions.ReceiptEmailProgress>();
    public DbSet<Security.SecurityEvent> SecurityEvents => Set<Security.SecurityEvent>();

    /// <summary>
    /// Identity reads its schema version (3: passkeys) from IdentityOptions in the application's services; every
    /// host of this context (web, tests, design time) applies this, so the model always matches the migrations.
    /// </summary>
    public static void UseIdentitySchema(IdentityOptions options) => options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        // Instants are stored as fixed-width UTC text so that SQLite can compare and sort them, and a
        // person reading the file with sqlite3 sees real dates.
        conventions.Properties<DateTimeOffset>().HaveConversion<UtcInstantConverter>().HaveMaxLength(UtcInstantConverter.Width);
        conventions.Properties<Enum>().HaveConversion<string>().HaveMaxLength(48);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(ConsultationDbContext).Assembly);
        foreach (var entity in builder.Model.GetEntityTypes().Where(e => typeof(IConcurrencyAware).IsAssignableFrom(e.ClrType)))
            builder.Entity(entity.ClrType).Property(nameof(IConcurrencyAware.ConcurrencyToken)).IsConcurrencyToken();
        // The domain gives every entity its Guid id when it creates it. Left "generated on add", EF would take a new
        // child added to a loaded aggregate (a review step, a submission version) for an existing row and update it.
        foreach (var key in builder.Model.GetEntityTypes().Select(e => e.FindPrimaryKey()))
            if (key?.Properties is [{ ClrType: var type } id] && type == typeof(Guid))
                id.ValueGenerated = ValueGenerated.Never;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        using var paused = DetectChangesOnce();
        RefuseChangesToPublishedRows();
        RenewConcurrencyTokens();
        var carried = CarriedBySave();
        try
        {
            var saved = base.SaveChanges(acceptAllChangesOnSuccess);
            Carry(carried);
            return saved;
        }
        catch
        {
            ForgetReads();
            throw;
        }
    }

    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        using var paused = DetectChangesOnce();
        RefuseChangesToPublishedRows();
        RenewConcurrencyTokens();
        var carried = CarriedBySave();
        try
        {
            var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
            Carry(carried);
            return saved;
        }
        catch
        {
            ForgetReads();
            throw;
        }
    }

    private (DbTransaction Transaction, TransactionReads Reads)? _reads;

    /// <summary>
    /// What the current transaction's write steps carry from one to the next (<see cref="TransactionReads"/>); null
    /// outside a transaction, and new for each transaction.
    /// </summary>
    internal TransactionReads? Reads
    {
        get
        {
            if (Database.CurrentTransaction?.GetDbTransaction() is not { } transaction) return null;
            if (_reads is not { } reads || reads.Transaction != transaction) _reads = reads = (transaction, new TransactionReads());
            return reads.Reads;
        }
    }

    internal void ForgetReads() => _reads = null;

    /// <summary>
    /// The last ledger entry added to this context and not saved yet, found without a look for changes over every tracked
    /// entity (which <c>Ledger.Local</c> would make): only <c>LedgerWriter</c> adds one, and no navigation leads to one.
    /// </summary>
    internal LedgerEntry? UnsavedLedgerHead()
    {
        using var paused = PauseChangeDetection();
        return ChangeTracker.Entries<LedgerEntry>().Where(e => e.State == EntityState.Added).Select(e => e.Entity).MaxBy(e => e.Sequence);
    }

    /// <summary>What this save changes of the reads a transaction carries: the last ledger entry it adds, and whether it changes a consultation.</summary>
    private (LedgerEntry? Appended, bool ChangesConsultations) CarriedBySave() =>
        (UnsavedLedgerHead(),
            ChangeTracker.Entries<PublicConsultation>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted));

    private void Carry((LedgerEntry? Appended, bool ChangesConsultations) carried)
    {
        // A save with nothing to carry makes no reads for its transaction.
        if (carried is (null, false) || Reads is not { } reads) return;
        if (carried.ChangesConsultations) reads.Consultations.Clear();
        if (carried.Appended is { } appended) reads.LedgerHead = appended;
    }

    /// <summary>
    /// Looks the tracked entities over for changes once for the whole save. Each look (the checks below, the archive
    /// revision's interceptor, EF's own save) would otherwise make its own pass over every tracked entity: a tenth of a
    /// submission's time under the write lock (docs/BENCHMARKS.md, ingest). Nothing may set an entity's properties between
    /// them: <see cref="RenewConcurrencyTokens"/> sets its tokens through EF, and a SavingChanges interceptor must do the
    /// same (a property set directly would not be saved). A caller that turned detection off keeps it off.
    /// </summary>
    private DetectionPaused DetectChangesOnce()
    {
        if (!ChangeTracker.AutoDetectChangesEnabled) return default;
        ChangeTracker.DetectChanges();
        return PauseChangeDetection();
    }

    /// <summary>Turns EF's automatic look for changes off until disposed, then back to what it was.</summary>
    internal DetectionPaused PauseChangeDetection()
    {
        var paused = new DetectionPaused(ChangeTracker, ChangeTracker.AutoDetectChangesEnabled);
        ChangeTracker.AutoDetectChangesEnabled = false;
        return paused;
    }

    internal readonly struct DetectionPaused(ChangeTracker? tracker, bool detecting) : IDisposable
    {
        public void Dispose()
        {
            if (tracker is not null) tracker.AutoDetectChangesEnabled = detecting;
        }
    }

    /// <summary>
    /// Published consensus rows (record versions and the minority views they state, designations, members' responses)
    /// are never changed or removed: the ledger vouches for them as they were, and a correction is a new version.
    /// </summary>
    private void RefuseChangesToPublishedRows()
    {
        foreach (var entry in ChangeTracker.Entries().Where(e => e.Entity is ConsensusRecord or RecordedMinorityView or Designation or DesignationResponse))
            if (entry.State is EntityState.Modified or EntityState.Deleted)
                throw new InvalidOperationException($"A published {entry.Metadata.ClrType.Name} is never changed; publish a new version instead.");
    }

    /// <summary>
    /// A save from a stale copy then matches no row, and EF reports a concurrency conflict. Set through the entry, so that
    /// EF marks the token changed without another look for changes.
    /// </summary>
    private void RenewConcurrencyTokens()
    {
        foreach (var entry in ChangeTracker.Entries<IConcurrencyAware>())
            if (entry.State is EntityState.Added or EntityState.Modified)
                entry.Property(nameof(IConcurrencyAware.ConcurrencyToken)).CurrentValue = Guid.NewGuid();
    }

    /// <summary>Marks an aggregate root changed when only its children changed, so two edits of it conflict.</summary>
    public void Touch(IConcurrencyAware root)
    {
        var entry = Entry(root);
        if (entry.State == EntityState.Unchanged) entry.State = EntityState.Modified;
    }
}
