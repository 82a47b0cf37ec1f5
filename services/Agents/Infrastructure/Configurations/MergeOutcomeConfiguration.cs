using Codewalkers.Agents.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Agents.Infrastructure.Configurations;

internal sealed class MergeOutcomeConfiguration : IEntityTypeConfiguration<MergeOutcome>
{
    public void Configure(EntityTypeBuilder<MergeOutcome> outcome)
    {
        outcome.ToTable("merge_outcomes");
        outcome.HasKey(o => o.RequestId);
        outcome.Property(o => o.RequestId).HasMaxLength(200);
        outcome.Property(o => o.ProjectId).HasMaxLength(64);
        outcome.Property(o => o.Outcome).HasMaxLength(20);
    }
}
