using Codewalkers.Collaboration.Domain.Chat;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class ChatSessionConfiguration : IEntityTypeConfiguration<ChatSession>
{
    public void Configure(EntityTypeBuilder<ChatSession> session)
    {
        session.ToTable("chat_sessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.Id).HasMaxLength(21);
        session.Property(s => s.TargetType).HasMaxLength(16).IsRequired();
        session.Property(s => s.TargetId).HasMaxLength(21).IsRequired();
        session.Property(s => s.InitiativeId).HasMaxLength(21);
        session.Property(s => s.PhaseId).HasMaxLength(21);
        session.Property(s => s.TaskId).HasMaxLength(21);
        session.Property(s => s.Status).AsText();
        session.Property(s => s.TurnState).AsText();
        session.Property(s => s.AgentId).HasMaxLength(21);
        session.Property(s => s.TurnId).HasMaxLength(21);
        session.Property(s => s.Version).IsConcurrencyToken();
        // One active session per target, kept by the database too: two opens racing cannot both create one.
        session.HasIndex(s => new { s.TargetType, s.TargetId }).IsUnique().HasFilter("\"Status\" = 'active'");
        session.HasIndex(s => new { s.TargetType, s.TargetId, s.UpdatedAt });
        // The consumers of the agent's events find its session by agent.
        session.HasIndex(s => s.AgentId);
    }
}
