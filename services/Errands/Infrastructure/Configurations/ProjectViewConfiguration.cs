using Codewalkers.Errands.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Errands.Infrastructure.Configurations;

internal sealed class ProjectViewConfiguration : IEntityTypeConfiguration<ProjectView>
{
    public void Configure(EntityTypeBuilder<ProjectView> project)
    {
        project.ToTable("project_views");
        project.HasKey(p => p.Id);
        project.Property(p => p.Id).HasMaxLength(21);
        project.Property(p => p.Name).IsRequired();
        project.Property(p => p.Url).IsRequired();
        project.Property(p => p.DefaultBranch).IsRequired();
    }
}
