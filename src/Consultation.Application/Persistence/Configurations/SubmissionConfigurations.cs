using Consultation.Application.Features.Submissions;
using Consultation.Application.Identity;
using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Consultation.Domain.Proposals;
using Consultation.Domain.Submissions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consultation.Application.Persistence.Configurations;

internal sealed class SubmissionConfiguration : IEntityTypeConfiguration<Submission>
{
    public void Configure(EntityTypeBuilder<Submission> submission)
    {
        submission.HasOne<PublicConsultation>().WithMany().HasForeignKey(s => s.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        submission.HasOne<Person>().WithMany().HasForeignKey(s => s.AuthorId).OnDelete(DeleteBehavior.Restrict);
        submission.HasOne(s => s.OnBehalfOfBody).WithMany().HasForeignKey(s => s.OnBehalfOfBodyId).OnDelete(DeleteBehavior.Restrict);
        submission.HasOne<Mandate>().WithMany().HasForeignKey(s => s.MandateId).OnDelete(DeleteBehavior.Restrict);
        submission.HasOne<Submission>().WithMany().HasForeignKey(s => s.RepliesToId).OnDelete(DeleteBehavior.Restrict);
        submission.HasMany(s => s.Versions).WithOne().HasForeignKey(v => v.SubmissionId).OnDelete(DeleteBehavior.Cascade);
        // A double click or a retried request carries the same key: the database itself keeps it to one row.
        submission.HasIndex(s => new { s.AuthorId, s.IdempotencyKey }).IsUnique();
        submission.HasIndex(s => new { s.ConsultationId, s.FirstSubmittedAt });
        submission.HasIndex(s => new { s.ConsultationId, s.OnBehalfOfBodyId });
        submission.Property(s => s.WithdrawalReason).HasMaxLength(2000);
    }
}

internal sealed class SubmissionVersionConfiguration : IEntityTypeConfiguration<SubmissionVersion>
{
    public void Configure(EntityTypeBuilder<SubmissionVersion> version)
    {
        version.HasIndex(v => new { v.SubmissionId, v.Number }).IsUnique();
        version.HasIndex(v => v.ContentHash);
        version.HasIndex(v => new { v.SubmittedBy, v.RequestKey }).IsUnique();
        version.HasOne<Person>().WithMany().HasForeignKey(v => v.SubmittedBy).OnDelete(DeleteBehavior.Restrict);
        version.Property(v => v.ContentHash).HasMaxLength(64);
        version.Property(v => v.BlockingReason).HasMaxLength(5000);
        version.Property(v => v.RatificationEvidence).HasMaxLength(1000);
        version.HasMany(v => v.CitedSections).WithOne().HasForeignKey(c => c.SubmissionVersionId).OnDelete(DeleteBehavior.Cascade);
        version.HasMany(v => v.Attachments).WithOne().HasForeignKey(a => a.SubmissionVersionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CitedSectionConfiguration : IEntityTypeConfiguration<CitedSection>
{
    public void Configure(EntityTypeBuilder<CitedSection> cited)
    {
        cited.HasKey(c => new { c.SubmissionVersionId, c.ProposalSectionId });
        cited.HasOne<ProposalSection>().WithMany().HasForeignKey(c => c.ProposalSectionId).OnDelete(DeleteBehavior.Restrict);
        cited.HasIndex(c => c.ProposalSectionId);
    }
}

internal sealed class AttachmentConfiguration : IEntityTypeConfiguration<Attachment>
{
    public void Configure(EntityTypeBuilder<Attachment> attachment)
    {
        attachment.Property(a => a.FileName).HasMaxLength(255);
        attachment.Property(a => a.ContentType).HasMaxLength(100);
        attachment.Property(a => a.Sha256).HasMaxLength(64);
        attachment.Property(a => a.StorageKey).HasMaxLength(200);
    }
}

internal sealed class SubmissionDraftConfiguration : IEntityTypeConfiguration<SubmissionDraft>
{
    public void Configure(EntityTypeBuilder<SubmissionDraft> draft)
    {
        draft.ToTable("Drafts");
        draft.HasOne<Person>().WithMany().HasForeignKey(d => d.PersonId).OnDelete(DeleteBehavior.Cascade);
        draft.HasOne<PublicConsultation>().WithMany().HasForeignKey(d => d.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        draft.HasIndex(d => new { d.PersonId, d.ConsultationId });
    }
}

internal sealed class ReceiptEmailProgressConfiguration : IEntityTypeConfiguration<ReceiptEmailProgress>
{
    public void Configure(EntityTypeBuilder<ReceiptEmailProgress> progress)
    {
        progress.ToTable("ReceiptEmailProgress");
        progress.Property(p => p.Id).ValueGeneratedNever();
    }
}
