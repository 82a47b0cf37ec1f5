using Codewalkers.Collaboration.Domain.Webhooks;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> delivery)
    {
        delivery.ToTable("webhook_deliveries");
        delivery.HasKey(d => d.Id);
        delivery.Property(d => d.Id).HasMaxLength(21);
        delivery.Property(d => d.WebhookId).HasMaxLength(21).IsRequired();
        delivery.Property(d => d.Kind).HasMaxLength(64).IsRequired();
        delivery.Property(d => d.Status)
            .HasConversion(s => s.ToText(), s => EnumText.FromText<DeliveryStatus>(s))
            .HasMaxLength(16).IsRequired();
        delivery.Property(d => d.LastError).HasMaxLength(WebhookDelivery.MaxErrorLength);
        // A removed webhook takes what it was still owed; a pruned feed entry takes its deliveries.
        delivery.HasOne<Webhook>().WithMany().HasForeignKey(d => d.WebhookId).OnDelete(DeleteBehavior.Cascade);
        delivery.HasOne(d => d.FeedEntry).WithMany().HasForeignKey(d => d.FeedEntryId)
            .OnDelete(DeleteBehavior.Cascade);
        // The deliverer's "what is due", and a webhook's recent deliveries.
        delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        delivery.HasIndex(d => new { d.WebhookId, d.CreatedAt });
    }
}
