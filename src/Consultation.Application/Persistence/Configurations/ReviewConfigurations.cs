using Consultation.Domain.Consensus;
using Consultation.Domain.Consultations;
using Consultation.Domain.Ledger;
using Consultation.Domain.Reviews;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consultation.Application.Persistence.Configurations;

internal sealed class ReviewCycleConfiguration : IEntityTypeConfiguration<ReviewCycle>
{
    public void Configure(EntityTypeBuilder<ReviewCycle> cycle)
    {
        cycle.HasOne<PublicConsultation>().WithMany().HasForeignKey(c => c.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        cycle.HasIndex(c => c.ConsultationId).IsUnique();
        cycle.HasMany(c => c.Stages).WithOne().HasForeignKey(s => s.ReviewCycleId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewStageConfiguration : IEntityTypeConfiguration<ReviewStage>
{
    public void Configure(EntityTypeBuilder<ReviewStage> stage)
    {
        // Not unique: re-ordering a ladder swaps orders, which SQLite would refuse row by row; the domain keeps them 1..n.
        stage.HasIndex(s => new { s.ReviewCycleId, s.Order });
        stage.Property(s => s.Name).HasMaxLength(ReviewStage.MaxNameLength);
        stage.OwnsMany(s => s.Chairs, chair =>
        {
            chair.ToTable("StageChairs");
            chair.WithOwner().HasForeignKey(c => c.ReviewStageId);
            chair.HasKey(c => new { c.ReviewStageId, c.PersonId });
            chair.Property(c => c.PersonId).HasMaxLength(450);
            chair.HasIndex(c => c.PersonId);
        });
    }
}

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> item)
    {
        item.HasOne<ReviewCycle>().WithMany().HasForeignKey(i => i.ReviewCycleId).OnDelete(DeleteBehavior.Restrict);
        item.HasOne<Submission>().WithMany().HasForeignKey(i => i.SubmissionId).OnDelete(DeleteBehavior.Restrict);
        item.HasOne<ReviewStage>().WithMany().HasForeignKey(i => i.CurrentStageId).OnDelete(DeleteBehavior.Restrict);
        item.HasOne<ReviewItem>().WithMany().HasForeignKey(i => i.DuplicateOfItemId).OnDelete(DeleteBehavior.Restrict);
        item.HasIndex(i => new { i.ReviewCycleId, i.SubmissionId }).IsUnique();
        item.HasIndex(i => i.CurrentStageId);
        item.Property(i => i.AssigneeId).HasMaxLength(450);
        item.Property(i => i.Response).HasMaxLength(ReviewItem.MaxResponseLength);
        item.OwnsMany(i => i.Steps, step =>
        {
            step.ToTable("ReviewSteps");
            step.WithOwner().HasForeignKey(s => s.ReviewItemId);
            step.HasKey(s => s.Id);
            step.Property(s => s.ActorId).HasMaxLength(450);
            step.Property(s => s.AssigneeId).HasMaxLength(450);
            step.Property(s => s.Response).HasMaxLength(ReviewItem.MaxResponseLength);
            step.Property(s => s.Reason).HasMaxLength(ReviewItem.MaxReasonLength);
            step.HasIndex(s => s.At);
        });
    }
}

internal sealed class ConsensusCallConfiguration : IEntityTypeConfiguration<ConsensusCall>
{
    public void Configure(EntityTypeBuilder<ConsensusCall> call)
    {
        call.HasOne<PublicConsultation>().WithMany().HasForeignKey(c => c.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        call.HasIndex(c => c.ConsultationId).IsUnique();
        call.HasMany(c => c.Designations).WithOne().HasForeignKey(d => d.ConsensusCallId).OnDelete(DeleteBehavior.Cascade);
        call.HasMany(c => c.MinorityViews).WithOne().HasForeignKey(v => v.ConsensusCallId).OnDelete(DeleteBehavior.Cascade);
        call.HasMany(c => c.Challenges).WithOne().HasForeignKey(c => c.ConsensusCallId).OnDelete(DeleteBehavior.Cascade);
        call.HasMany(c => c.Responses).WithOne().HasForeignKey(r => r.ConsensusCallId).OnDelete(DeleteBehavior.Cascade);
        call.Property(c => c.OpenedBy).HasMaxLength(450);
    }
}

internal sealed class DesignationResponseConfiguration : IEntityTypeConfiguration<DesignationResponse>
{
    public void Configure(EntityTypeBuilder<DesignationResponse> response)
    {
        response.ToTable("DesignationResponses");
        response.HasOne<Designation>().WithMany().HasForeignKey(r => r.DesignationId).OnDelete(DeleteBehavior.Restrict);
        // One response per member per designation, also when two requests race.
        response.HasIndex(r => new { r.DesignationId, r.MemberId }).IsUnique();
        response.Property(r => r.MemberId).HasMaxLength(450);
        response.Property(r => r.Comment).HasMaxLength(5000);
    }
}

internal sealed class DesignationConfiguration : IEntityTypeConfiguration<Designation>
{
    public void Configure(EntityTypeBuilder<Designation> designation) =>
        designation.HasIndex(d => new { d.ConsensusCallId, d.Sequence }).IsUnique();
}

internal sealed class MinorityViewConfiguration : IEntityTypeConfiguration<MinorityView>
{
    public void Configure(EntityTypeBuilder<MinorityView> view)
    {
        view.HasOne<Submission>().WithMany().HasForeignKey(v => v.SubmissionId).OnDelete(DeleteBehavior.Restrict);
        view.HasIndex(v => new { v.ConsensusCallId, v.SubmissionId }).IsUnique();
        view.Property(v => v.RecordedBy).HasMaxLength(450);
    }
}

internal sealed class ChallengeConfiguration : IEntityTypeConfiguration<Challenge>
{
    public void Configure(EntityTypeBuilder<Challenge> challenge) =>
        challenge.HasOne<Designation>().WithMany().HasForeignKey(c => c.DesignationId).OnDelete(DeleteBehavior.Restrict);
}

internal sealed class ConsensusRecordConfiguration : IEntityTypeConfiguration<ConsensusRecord>
{
    public void Configure(EntityTypeBuilder<ConsensusRecord> record)
    {
        record.HasOne<PublicConsultation>().WithMany().HasForeignKey(r => r.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        record.HasOne<ConsensusRecord>().WithMany().HasForeignKey(r => r.CorrectsRecordId).OnDelete(DeleteBehavior.Restrict);
        record.HasIndex(r => new { r.ConsultationId, r.Version }).IsUnique();
        record.HasIndex(r => r.PublishedAt);
        record.Property(r => r.LedgerHeadHash).HasMaxLength(64);
        record.HasOne<ConsensusCall>().WithMany().HasForeignKey(r => r.ConsensusCallId).OnDelete(DeleteBehavior.Restrict);
        record.OwnsMany(r => r.MinorityViews, view =>
        {
            view.ToTable("RecordMinorityViews");
            view.WithOwner().HasForeignKey(v => v.ConsensusRecordId);
            view.HasKey(v => new { v.ConsensusRecordId, v.SubmissionId });
            view.HasOne<Submission>().WithMany().HasForeignKey(v => v.SubmissionId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

internal sealed class LedgerEntryConfiguration : IEntityTypeConfiguration<LedgerEntry>
{
    public void Configure(EntityTypeBuilder<LedgerEntry> entry)
    {
        entry.ToTable("Ledger");
        entry.HasKey(e => e.Sequence);
        entry.Property(e => e.Sequence).ValueGeneratedNever();
        entry.HasIndex(e => e.Hash).IsUnique();
        entry.HasIndex(e => e.ContentHash);
        entry.HasIndex(e => e.SubjectId);
        entry.Property(e => e.Hash).HasMaxLength(64);
        entry.Property(e => e.PreviousHash).HasMaxLength(64);
        entry.Property(e => e.ContentHash).HasMaxLength(64);
    }
}
