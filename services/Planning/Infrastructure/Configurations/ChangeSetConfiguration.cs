using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Planning.Infrastructure.Configurations;

internal sealed class ChangeSetConfiguration : IEntityTypeConfiguration<ChangeSet>
{
    public void Configure(EntityTypeBuilder<ChangeSet> changeSet)
    {
        changeSet.ToTable("change_sets");
        changeSet.HasKey(c => c.Id);
        changeSet.Property(c => c.Id).HasMaxLength(21);
        changeSet.Property(c => c.AgentId).HasMaxLength(100);
        changeSet.Property(c => c.Source).HasMaxLength(32).IsRequired();
        changeSet.Property(c => c.Description).HasMaxLength(500).IsRequired();
        changeSet.Ignore(c => c.IsReverted);
        changeSet.HasOne<Initiative>().WithMany().HasForeignKey(c => c.InitiativeId).OnDelete(DeleteBehavior.Cascade);
        changeSet.HasMany(c => c.Entries).WithOne().HasForeignKey(e => e.ChangeSetId).OnDelete(DeleteBehavior.Cascade);
        changeSet.Navigation(c => c.Entries).UsePropertyAccessMode(PropertyAccessMode.Field);
        changeSet.HasIndex(c => new { c.InitiativeId, c.CreatedAt });
    }
}

internal sealed class ChangeSetEntryConfiguration : IEntityTypeConfiguration<ChangeSetEntry>
{
    public void Configure(EntityTypeBuilder<ChangeSetEntry> entry)
    {
        entry.ToTable("change_set_entries");
        entry.HasKey(e => new { e.ChangeSetId, e.Sequence });
        entry.Property(e => e.EntityType).HasMaxLength(32).IsRequired();
        entry.Property(e => e.EntityId).HasMaxLength(64).IsRequired();
        entry.Property(e => e.Action).AsText();
        entry.HasIndex(e => e.EntityId);
    }
}
