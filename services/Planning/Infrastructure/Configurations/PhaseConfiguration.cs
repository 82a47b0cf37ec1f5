using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Planning.Infrastructure.Configurations;

internal sealed class PhaseConfiguration : IEntityTypeConfiguration<Phase>
{
    public void Configure(EntityTypeBuilder<Phase> phase)
    {
        phase.ToTable("phases");
        phase.HasKey(p => p.Id);
        phase.Property(p => p.Id).HasMaxLength(21);
        phase.Property(p => p.Name).HasMaxLength(Guard.MaxNameLength).IsRequired();
        phase.Property(p => p.Status).AsText();
        phase.Property(p => p.MergeBase).HasMaxLength(Phase.MaxMergeBaseLength);
        phase.Property(p => p.BlockedReason).HasMaxLength(Guard.MaxReasonLength);
        phase.Property(p => p.Branch).HasMaxLength(Initiative.MaxBranchLength + 100);
        phase.Property(p => p.Version).IsConcurrencyToken();
        phase.Ignore(p => p.DependsOn);
        phase.HasOne<Initiative>().WithMany().HasForeignKey(p => p.InitiativeId).OnDelete(DeleteBehavior.Cascade);
        phase.HasMany(p => p.Dependencies).WithOne().HasForeignKey(d => d.PhaseId).OnDelete(DeleteBehavior.Cascade);
        phase.Navigation(p => p.Dependencies).UsePropertyAccessMode(PropertyAccessMode.Field);
        phase.HasIndex(p => new { p.InitiativeId, p.CreatedAt });
    }
}

internal sealed class PhaseDependencyConfiguration : IEntityTypeConfiguration<PhaseDependency>
{
    public void Configure(EntityTypeBuilder<PhaseDependency> dependency)
    {
        dependency.ToTable("phase_dependencies");
        dependency.HasKey(d => new { d.PhaseId, d.DependsOnPhaseId });
        dependency.HasOne<Phase>().WithMany().HasForeignKey(d => d.DependsOnPhaseId).OnDelete(DeleteBehavior.Cascade);
        dependency.HasIndex(d => d.DependsOnPhaseId);
    }
}
