using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Consultation.Domain.Proposals;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consultation.Application.Persistence.Configurations;

internal sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>
{
    public void Configure(EntityTypeBuilder<Proposal> proposal)
    {
        proposal.Property(p => p.Title).HasMaxLength(300);
        proposal.HasMany(p => p.Versions).WithOne(v => v.Proposal).HasForeignKey(v => v.ProposalId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProposalVersionConfiguration : IEntityTypeConfiguration<ProposalVersion>
{
    public void Configure(EntityTypeBuilder<ProposalVersion> version)
    {
        version.HasIndex(v => new { v.ProposalId, v.Number }).IsUnique();
        version.Property(v => v.Label).HasMaxLength(50);
        version.Property(v => v.DocumentUrl).HasMaxLength(2000);
        version.HasMany(v => v.Sections).WithOne().HasForeignKey(s => s.ProposalVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ProposalSectionConfiguration : IEntityTypeConfiguration<ProposalSection>
{
    public void Configure(EntityTypeBuilder<ProposalSection> section)
    {
        section.HasIndex(s => new { s.ProposalVersionId, s.Number }).IsUnique();
        section.Property(s => s.Number).HasMaxLength(20);
        section.Property(s => s.Heading).HasMaxLength(300);
    }
}

internal sealed class PublicConsultationConfiguration : IEntityTypeConfiguration<PublicConsultation>
{
    public void Configure(EntityTypeBuilder<PublicConsultation> consultation)
    {
        consultation.ToTable("Consultations");
        consultation.HasIndex(c => c.Slug).IsUnique();
        consultation.HasIndex(c => c.ClosesAt);
        consultation.Property(c => c.Slug).HasMaxLength(Domain.Common.Slug.MaxLength);
        consultation.Property(c => c.Title).HasMaxLength(300);
        consultation.HasOne<ProposalVersion>().WithMany().HasForeignKey(c => c.ProposalVersionId).OnDelete(DeleteBehavior.Restrict);
        consultation.HasOne<StakeholderBody>().WithMany().HasForeignKey(c => c.ConvenerBodyId).OnDelete(DeleteBehavior.Restrict);
        consultation.HasMany(c => c.DeadlineChanges).WithOne().HasForeignKey(d => d.ConsultationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class DeadlineChangeConfiguration : IEntityTypeConfiguration<DeadlineChange>
{
    public void Configure(EntityTypeBuilder<DeadlineChange> change)
    {
        change.Property(d => d.Reason).HasMaxLength(2000);
        change.Property(d => d.ChangedBy).HasMaxLength(450);
    }
}
