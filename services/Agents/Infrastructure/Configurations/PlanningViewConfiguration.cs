using Codewalkers.Agents.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Agents.Infrastructure.Configurations;

internal sealed class PlanningViewConfiguration : IEntityTypeConfiguration<PlanningView>
{
    public void Configure(EntityTypeBuilder<PlanningView> view)
    {
        view.ToTable("planning_views");
        view.HasKey(v => new { v.Kind, v.Id });
        view.Property(v => v.Kind).HasMaxLength(20);
        view.Property(v => v.Id).HasMaxLength(64);
        view.Property(v => v.Name).IsRequired();
        view.HasIndex(v => v.InitiativeId);
        view.HasIndex(v => v.PhaseId);
    }
}

internal sealed class AgentSessionConfiguration : IEntityTypeConfiguration<AgentSession>
{
    public void Configure(EntityTypeBuilder<AgentSession> session)
    {
        session.ToTable("agent_sessions");
        session.HasKey(s => s.Id);
        session.Property(s => s.Id).ValueGeneratedOnAdd();
        session.Property(s => s.AgentId).HasMaxLength(21).IsRequired();
        session.Property(s => s.Outcome).HasMaxLength(50).IsRequired();
        session.Property(s => s.Model).HasMaxLength(200);
        session.Property(s => s.Provider).HasMaxLength(100);
        session.HasIndex(s => new { s.AgentId, s.SessionNumber }).IsUnique();
        session.HasIndex(s => s.InitiativeId);
        session.HasIndex(s => s.EndedAt);
        session.Ignore(s => s.HasUsage);
        session.OwnsMany(s => s.Models, model =>
        {
            model.ToTable("agent_session_models");
            model.WithOwner().HasForeignKey("SessionId");
            model.Property<long>("Id").ValueGeneratedOnAdd();
            model.HasKey("Id");
            model.Property(m => m.Model).HasMaxLength(200).IsRequired();
            model.Ignore(m => m.Figures);
        });
    }
}
