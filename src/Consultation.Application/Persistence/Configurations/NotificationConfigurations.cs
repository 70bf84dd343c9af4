using Consultation.Application.Identity;
using Consultation.Application.Notifications;
using Consultation.Domain.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consultation.Application.Persistence.Configurations;

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> notification)
    {
        // A notification is the person's own business: it goes with a deleted account.
        notification.HasOne<Person>().WithMany().HasForeignKey(n => n.PersonId).OnDelete(DeleteBehavior.Cascade);
        notification.HasOne<PublicConsultation>().WithMany().HasForeignKey(n => n.ConsultationId).OnDelete(DeleteBehavior.Restrict);
        // Never the same event twice to one person, whatever races between writers.
        notification.HasIndex(n => new { n.PersonId, n.EventKey }).IsUnique();
        notification.HasIndex(n => n.EventKey);
        // The unread count beside "My dashboard" on every page, and the list newest first.
        notification.HasIndex(n => new { n.PersonId, n.ReadAt });
        notification.HasIndex(n => new { n.PersonId, n.CreatedAt });
        notification.HasIndex(n => n.EmailedAt);
        notification.Property(n => n.PersonId).HasMaxLength(450);
        notification.Property(n => n.EventKey).HasMaxLength(200);
        notification.Property(n => n.Title).HasMaxLength(Notification.MaxTitleLength);
        notification.Property(n => n.Link).HasMaxLength(500);
    }
}
