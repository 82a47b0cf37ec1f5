using Codewalkers.Collaboration.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class AgentViewConfiguration : IEntityTypeConfiguration<AgentView>
{
    public void Configure(EntityTypeBuilder<AgentView> agent)
    {
        agent.ToTable("agent_views");
        agent.HasKey(a => a.AgentId);
        agent.Property(a => a.AgentId).HasMaxLength(21);
        agent.Property(a => a.Name).IsRequired();
        agent.Property(a => a.Status).IsRequired();
        agent.Property(a => a.Mode).IsRequired();
        // Target resolution looks agents up by the task or phase they work on.
        agent.HasIndex(a => a.TaskId);
        agent.HasIndex(a => a.PhaseId);
    }
}
