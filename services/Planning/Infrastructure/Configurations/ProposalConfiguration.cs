using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Planning.Infrastructure.Configurations;

internal sealed class ProposalConfiguration : IEntityTypeConfiguration<Proposal>
{
    public void Configure(EntityTypeBuilder<Proposal> proposal)
    {
        proposal.ToTable("proposals");
        proposal.HasKey(p => p.Id);
        proposal.Property(p => p.Id).HasMaxLength(21);
        // Agents live in another service: a plain id, no foreign key.
        proposal.Property(p => p.AgentId).HasMaxLength(100).IsRequired();
        proposal.Property(p => p.TargetType).AsText();
        proposal.Property(p => p.TargetId).HasMaxLength(100);
        proposal.Property(p => p.Title).HasMaxLength(Guard.MaxNameLength).IsRequired();
        proposal.Property(p => p.Summary).HasMaxLength(Guard.MaxDescriptionLength);
        proposal.Property(p => p.Metadata).HasMaxLength(Proposal.MaxMetadataLength);
        proposal.Property(p => p.Status).AsText();
        proposal.Property(p => p.AppliedEntityId).HasMaxLength(21);
        proposal.Property(p => p.ChangeSetId).HasMaxLength(21);
        proposal.Property(p => p.Version).IsConcurrencyToken();
        proposal.HasOne<Initiative>().WithMany().HasForeignKey(p => p.InitiativeId).OnDelete(DeleteBehavior.Cascade);
        proposal.HasIndex(p => new { p.AgentId, p.Status });
        proposal.HasIndex(p => new { p.InitiativeId, p.Status, p.SortOrder });
    }
}
