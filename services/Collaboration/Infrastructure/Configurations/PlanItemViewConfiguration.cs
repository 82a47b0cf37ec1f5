using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class PlanItemViewConfiguration : IEntityTypeConfiguration<PlanItemView>
{
    public void Configure(EntityTypeBuilder<PlanItemView> item)
    {
        item.ToTable("plan_item_views");
        item.HasKey(p => p.Id);
        item.Property(p => p.Id).HasMaxLength(21);
        item.Property(p => p.Kind)
            .HasConversion(k => k.ToText(), k => EnumText.FromText<PlanItemKind>(k)).HasMaxLength(16).IsRequired();
        item.Property(p => p.Name).IsRequired();
        item.Property(p => p.Status).IsRequired();
        // Deletes cascade by initiative, phase and parent task.
        item.HasIndex(p => p.InitiativeId);
        item.HasIndex(p => p.PhaseId);
        item.HasIndex(p => p.ParentTaskId);
    }
}
