using Codewalkers.Collaboration.Domain.Webhooks;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class WebhookConfiguration : IEntityTypeConfiguration<Webhook>
{
    public void Configure(EntityTypeBuilder<Webhook> webhook)
    {
        webhook.ToTable("webhooks");
        webhook.HasKey(w => w.Id);
        webhook.Property(w => w.Id).HasMaxLength(21);
        webhook.Property(w => w.Url).HasMaxLength(Webhook.MaxUrlLength).IsRequired();
        // A JSON array of kinds.
        webhook.PrimitiveCollection(w => w.Kinds).IsRequired();
        webhook.Property(w => w.Description).HasMaxLength(Webhook.MaxDescriptionLength);
        webhook.Property(w => w.Secret).HasMaxLength(64).IsRequired();
    }
}
