using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consultation.Application.Persistence.Configurations;

internal sealed class ArchiveRevisionConfiguration : IEntityTypeConfiguration<ArchiveRevision>
{
    public void Configure(EntityTypeBuilder<ArchiveRevision> revision)
    {
        revision.ToTable("ArchiveRevision");
        revision.Property(r => r.Id).ValueGeneratedNever();
    }
}
