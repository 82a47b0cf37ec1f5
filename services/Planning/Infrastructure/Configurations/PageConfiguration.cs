using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Planning.Infrastructure.Configurations;

internal sealed class PageConfiguration : IEntityTypeConfiguration<Page>
{
    public void Configure(EntityTypeBuilder<Page> page)
    {
        page.ToTable("pages");
        page.HasKey(p => p.Id);
        page.Property(p => p.Id).HasMaxLength(21);
        page.Property(p => p.Title).HasMaxLength(Guard.MaxNameLength).IsRequired();
        page.Property(p => p.Version).IsConcurrencyToken();
        page.Ignore(p => p.IsRoot);
        // The service deletes subtrees itself (and publishes for each page); the database cascade is the safety net.
        page.HasOne<Initiative>().WithMany().HasForeignKey(p => p.InitiativeId).OnDelete(DeleteBehavior.Cascade);
        page.HasOne<Page>().WithMany().HasForeignKey(p => p.ParentPageId).OnDelete(DeleteBehavior.Cascade);
        page.HasIndex(p => new { p.InitiativeId, p.ParentPageId, p.SortOrder });
    }
}
