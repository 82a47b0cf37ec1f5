using Codewalkers.Agents.Domain;
using Codewalkers.Contracts.Projects;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Agents.Infrastructure.Configurations;

internal sealed class AgentConfiguration : IEntityTypeConfiguration<Agent>
{
    public void Configure(EntityTypeBuilder<Agent> agent)
    {
        agent.ToTable("agents");
        agent.HasKey(a => a.Id);
        agent.Property(a => a.Id).HasMaxLength(21);
        agent.Property(a => a.Name).HasMaxLength(100).IsRequired();
        agent.HasIndex(a => a.Name).IsUnique();
        agent.Property(a => a.RequestId).HasMaxLength(200).IsRequired();
        agent.HasIndex(a => a.RequestId).IsUnique();
        agent.Property(a => a.Provider).HasMaxLength(50).IsRequired();
        agent.Property(a => a.Status).AsText(maxLength: 30);
        agent.Property(a => a.Mode).HasMaxLength(30).IsRequired();
        agent.Property(a => a.StatusReason).HasMaxLength(200);
        agent.Property(a => a.WorktreeId).IsRequired();
        agent.HasIndex(a => a.Status);
        agent.HasIndex(a => a.TaskId);
        agent.Ignore(a => a.PendingEvents);
        agent.Ignore(a => a.Context);
        agent.Ignore(a => a.RequiredOutputList);
        agent.Ignore(a => a.AllowedProviderList);
        agent.Ignore(a => a.ProviderSwitches);
        agent.Property(a => a.AllowedProviders).IsRequired();
        agent.Property(a => a.VerifyCommandOverride).HasMaxLength(ProjectRules.MaxVerifyCommandLength);
        agent.Property(a => a.ProviderHistory).IsRequired();
        // Rows made before runners existed belong to the default runner.
        agent.Property(a => a.RunnerId).HasMaxLength(40).IsRequired().HasDefaultValue(Runner.DefaultId);
        agent.HasIndex(a => new { a.RunnerId, a.Status });
        // Optimistic concurrency: the supervisor and a request never overwrite each other's transition.
        agent.Property(a => a.Version).IsConcurrencyToken();
    }
}

internal sealed class RunnerConfiguration : IEntityTypeConfiguration<Runner>
{
    public void Configure(EntityTypeBuilder<Runner> runner)
    {
        runner.ToTable("runners");
        runner.HasKey(r => r.Id);
        runner.Property(r => r.Id).HasMaxLength(40);
        runner.Property(r => r.Address).HasMaxLength(500);
    }
}

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> account)
    {
        account.ToTable("accounts");
        account.HasKey(a => a.Id);
        account.Property(a => a.Id).HasMaxLength(21);
        account.Property(a => a.Email).HasMaxLength(320).IsRequired();
        account.Property(a => a.Provider).HasMaxLength(50).IsRequired();
        account.HasIndex(a => new { a.Provider, a.Email }).IsUnique();
    }
}

internal sealed class AgentLogChunkConfiguration : IEntityTypeConfiguration<AgentLogChunk>
{
    public void Configure(EntityTypeBuilder<AgentLogChunk> chunk)
    {
        chunk.ToTable("agent_log_chunks");
        chunk.HasKey(c => c.Id);
        chunk.Property(c => c.Id).ValueGeneratedOnAdd();
        chunk.Property(c => c.AgentId).HasMaxLength(21).IsRequired();
        chunk.Property(c => c.AgentName).HasMaxLength(100).IsRequired();
        chunk.Property(c => c.Content).IsRequired();
        chunk.HasIndex(c => new { c.AgentId, c.StartOffset }).IsUnique();
    }
}

internal sealed class ProjectCloneConfiguration : IEntityTypeConfiguration<ProjectClone>
{
    public void Configure(EntityTypeBuilder<ProjectClone> project)
    {
        project.ToTable("project_views");
        project.HasKey(p => p.Id);
        project.Property(p => p.Id).HasMaxLength(21);
        project.Property(p => p.Name).IsRequired();
        project.Property(p => p.Url).IsRequired();
        project.Property(p => p.DefaultBranch).IsRequired();
        project.Property(p => p.VerifyCommand).HasMaxLength(2000);
    }
}

internal sealed class VerificationRunConfiguration : IEntityTypeConfiguration<VerificationRun>
{
    public void Configure(EntityTypeBuilder<VerificationRun> run)
    {
        run.ToTable("agent_verifications");
        run.HasKey(r => r.Id);
        run.Property(r => r.Id).ValueGeneratedOnAdd();
        run.Property(r => r.AgentId).HasMaxLength(21).IsRequired();
        run.Property(r => r.ProjectName).HasMaxLength(100).IsRequired();
        run.Property(r => r.Command).HasMaxLength(2000).IsRequired();
        run.Property(r => r.OutputTail).IsRequired();
        run.Ignore(r => r.Passed);
        run.HasIndex(r => new { r.AgentId, r.SessionNumber });
    }
}
