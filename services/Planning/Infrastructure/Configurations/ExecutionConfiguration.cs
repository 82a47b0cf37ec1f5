using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Planning.Infrastructure.Configurations;

internal sealed class AgentAssignmentConfiguration : IEntityTypeConfiguration<AgentAssignment>
{
    public void Configure(EntityTypeBuilder<AgentAssignment> assignment)
    {
        assignment.ToTable("agent_assignments");
        assignment.HasKey(a => a.Id);
        assignment.Property(a => a.Id).HasMaxLength(100);
        assignment.Property(a => a.Kind).AsText();
        assignment.Property(a => a.Mode).HasMaxLength(32).IsRequired();
        assignment.Property(a => a.Status).AsText();
        // Agents live in another service: plain ids, no foreign key. The plan's rows may be deleted while an agent
        // runs.
        assignment.Property(a => a.AgentId).HasMaxLength(100);
        assignment.Property(a => a.AgentName).HasMaxLength(100);
        assignment.Property(a => a.Error).HasMaxLength(AgentAssignment.MaxErrorLength);
        assignment.HasIndex(a => a.AgentId);
        assignment.HasIndex(a => new { a.InitiativeId, a.Status });
        assignment.HasIndex(a => new { a.TaskId, a.Status });
    }
}

internal sealed class MergeRequestConfiguration : IEntityTypeConfiguration<MergeRequest>
{
    public void Configure(EntityTypeBuilder<MergeRequest> merge)
    {
        merge.ToTable("merge_requests");
        merge.HasKey(m => m.Id);
        merge.Property(m => m.Id).HasMaxLength(100);
        merge.Property(m => m.Kind).AsText();
        merge.Property(m => m.Status).AsText();
        merge.Property(m => m.SourceBranch).HasMaxLength(Initiative.MaxBranchLength + 100).IsRequired();
        merge.Property(m => m.TargetBranch).HasMaxLength(Initiative.MaxBranchLength + 100).IsRequired();
        merge.Property(m => m.MergeBase).HasMaxLength(Phase.MaxMergeBaseLength);
        merge.Property(m => m.Error).HasMaxLength(4000);
        merge.HasIndex(m => new { m.PhaseId, m.Status });
        merge.HasIndex(m => new { m.InitiativeId, m.Status });
    }
}

internal sealed class ChatTurnConfiguration : IEntityTypeConfiguration<ChatTurn>
{
    public void Configure(EntityTypeBuilder<ChatTurn> turn)
    {
        turn.ToTable("chat_turns");
        turn.HasKey(t => t.Id);
        turn.Property(t => t.Id).HasMaxLength(100);
        // Sessions live in Collaboration and assignments may outlive nothing here: plain ids, no foreign key.
        turn.Property(t => t.SessionId).HasMaxLength(100).IsRequired();
        turn.Property(t => t.AssignmentId).HasMaxLength(100);
        turn.Property(t => t.Status).AsText();
        turn.Property(t => t.ChangeSetId).HasMaxLength(100);
        turn.Property(t => t.Error).HasMaxLength(ChatTurn.MaxErrorLength);
        turn.HasIndex(t => new { t.AssignmentId, t.Status });
    }
}
