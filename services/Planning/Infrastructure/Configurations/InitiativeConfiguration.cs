using Codewalkers.Contracts.Projects;
using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Planning.Infrastructure.Configurations;

internal sealed class InitiativeConfiguration : IEntityTypeConfiguration<Initiative>
{
    public void Configure(EntityTypeBuilder<Initiative> initiative)
    {
        initiative.ToTable("initiatives");
        initiative.HasKey(i => i.Id);
        initiative.Property(i => i.Id).HasMaxLength(21);
        initiative.Property(i => i.Name).HasMaxLength(Guard.MaxNameLength).IsRequired();
        initiative.Property(i => i.Status).AsText();
        initiative.Property(i => i.ExecutionMode).AsText();
        initiative.Property(i => i.Branch).HasMaxLength(Initiative.MaxBranchLength).IsRequired();
        // A JSON array in a text column: read and written whole, never queried into.
        initiative.PrimitiveCollection(i => i.Providers).IsRequired();
        initiative.Property(i => i.VerifyCommand).HasMaxLength(ProjectRules.MaxVerifyCommandLength);
        initiative.Property(i => i.Version).IsConcurrencyToken();
        initiative.HasIndex(i => i.Branch).IsUnique();
        initiative.HasIndex(i => i.Status);
        initiative.HasMany(i => i.Projects).WithOne().HasForeignKey(p => p.InitiativeId)
            .OnDelete(DeleteBehavior.Cascade);
        initiative.Navigation(i => i.Projects).UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class InitiativeProjectConfiguration : IEntityTypeConfiguration<InitiativeProject>
{
    public void Configure(EntityTypeBuilder<InitiativeProject> link)
    {
        link.ToTable("initiative_projects");
        link.HasKey(l => new { l.InitiativeId, l.ProjectId });
        link.HasOne<Project>().WithMany().HasForeignKey(l => l.ProjectId).OnDelete(DeleteBehavior.Cascade);
        link.HasIndex(l => l.ProjectId);
    }
}
