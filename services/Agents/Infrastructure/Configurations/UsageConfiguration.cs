using Codewalkers.Agents.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Agents.Infrastructure.Configurations;

internal sealed class UsageBudgetConfiguration : IEntityTypeConfiguration<UsageBudget>
{
    public void Configure(EntityTypeBuilder<UsageBudget> budget)
    {
        budget.ToTable("usage_budgets");
        budget.HasKey(b => new { b.Scope, b.ScopeId });
        budget.Property(b => b.Scope).HasMaxLength(20);
        budget.Property(b => b.ScopeId).HasMaxLength(64);
    }
}

internal sealed class AgentProjectConfiguration : IEntityTypeConfiguration<AgentProject>
{
    public void Configure(EntityTypeBuilder<AgentProject> link)
    {
        link.ToTable("agent_projects");
        link.HasKey(l => new { l.AgentId, l.ProjectId });
        link.Property(l => l.AgentId).HasMaxLength(21);
        link.Property(l => l.ProjectId).HasMaxLength(64);
        link.HasIndex(l => l.ProjectId);
    }
}
