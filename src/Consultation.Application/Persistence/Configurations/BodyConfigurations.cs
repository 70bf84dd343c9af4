using Consultation.Application.Identity;
using Consultation.Domain.Bodies;
using Consultation.Domain.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consultation.Application.Persistence.Configurations;

internal sealed class StakeholderBodyConfiguration : IEntityTypeConfiguration<StakeholderBody>
{
    public void Configure(EntityTypeBuilder<StakeholderBody> body)
    {
        body.ToTable("Bodies");
        body.HasIndex(b => b.Slug).IsUnique();
        body.Property(b => b.Slug).HasMaxLength(Domain.Common.Slug.MaxLength);
        body.Property(b => b.Name).HasMaxLength(StakeholderBody.MaxNameLength);
        body.Property(b => b.Acronym).HasMaxLength(40);
        body.HasOne(b => b.Parent).WithMany().HasForeignKey(b => b.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class MembershipConfiguration : IEntityTypeConfiguration<Membership>
{
    public void Configure(EntityTypeBuilder<Membership> membership)
    {
        membership.HasOne(m => m.Body).WithMany().HasForeignKey(m => m.BodyId).OnDelete(DeleteBehavior.Restrict);
        membership.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Cascade);
        membership.HasIndex(m => new { m.PersonId, m.BodyId });
    }
}

internal sealed class MandateConfiguration : IEntityTypeConfiguration<Mandate>
{
    public void Configure(EntityTypeBuilder<Mandate> mandate)
    {
        mandate.HasOne(m => m.Body).WithMany().HasForeignKey(m => m.BodyId).OnDelete(DeleteBehavior.Restrict);
        // A representative's account may not vanish while positions made under the mandate stand.
        mandate.HasOne<Person>().WithMany().HasForeignKey(m => m.PersonId).OnDelete(DeleteBehavior.Restrict);
        mandate.HasOne<PublicConsultation>().WithMany().HasForeignKey(m => m.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        mandate.HasIndex(m => new { m.PersonId, m.BodyId });
        mandate.Property(m => m.GrantedBy).HasMaxLength(450);
        mandate.Property(m => m.EndedBy).HasMaxLength(450);
    }
}
