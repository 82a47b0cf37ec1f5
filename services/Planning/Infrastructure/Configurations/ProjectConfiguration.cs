using Codewalkers.Contracts.Projects;
using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Planning.Infrastructure.Configurations;

internal sealed class ProjectConfiguration : IEntityTypeConfiguration<Project>
{
    public void Configure(EntityTypeBuilder<Project> project)
    {
        project.ToTable("projects");
        project.HasKey(p => p.Id);
        project.Property(p => p.Id).HasMaxLength(21);
        project.Property(p => p.Name).HasMaxLength(Project.MaxNameLength).IsRequired();
        project.Property(p => p.Url).HasMaxLength(Project.MaxUrlLength).IsRequired();
        project.Property(p => p.DefaultBranch).HasMaxLength(Project.MaxBranchLength).IsRequired();
        project.Property(p => p.VerifyCommand).HasMaxLength(ProjectRules.MaxVerifyCommandLength);
        project.Property(p => p.Version).IsConcurrencyToken();
        project.HasIndex(p => p.Name).IsUnique();
        project.HasIndex(p => p.Url).IsUnique();
    }
}
