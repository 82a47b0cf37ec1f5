using Codewalkers.Agents.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Agents.Infrastructure.Configurations;

internal sealed class MergedResultCheckConfiguration : IEntityTypeConfiguration<MergedResultCheck>
{
    public void Configure(EntityTypeBuilder<MergedResultCheck> check)
    {
        check.ToTable("merged_result_checks");
        check.HasKey(c => c.Id);
        check.Property(c => c.Id).ValueGeneratedOnAdd();
        check.Property(c => c.RequestId).HasMaxLength(200).IsRequired();
        check.Property(c => c.ProjectId).HasMaxLength(64).IsRequired();
        check.Property(c => c.ProjectName).HasMaxLength(100).IsRequired();
        check.Property(c => c.SourceBranch).HasMaxLength(300).IsRequired();
        check.Property(c => c.TargetBranch).HasMaxLength(300).IsRequired();
        check.Property(c => c.MergeCommit).HasMaxLength(64).IsRequired();
        check.Property(c => c.Command).HasMaxLength(2000).IsRequired();
        check.Property(c => c.OutputTail).IsRequired();
        check.Ignore(c => c.Passed);
        // Read by branch (either side of the merge) and by request.
        check.HasIndex(c => c.SourceBranch);
        check.HasIndex(c => c.TargetBranch);
        check.HasIndex(c => c.RequestId);
    }
}
