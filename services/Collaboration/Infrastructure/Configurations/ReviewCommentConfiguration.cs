using Codewalkers.Collaboration.Domain;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class ReviewCommentConfiguration : IEntityTypeConfiguration<ReviewComment>
{
    public void Configure(EntityTypeBuilder<ReviewComment> comment)
    {
        comment.ToTable("review_comments");
        comment.HasKey(c => c.Id);
        comment.Property(c => c.Id).HasMaxLength(21);
        comment.Property(c => c.PhaseId).HasMaxLength(21);
        comment.Property(c => c.InitiativeId).HasMaxLength(21);
        comment.Property(c => c.ProjectId).HasMaxLength(21).IsRequired();
        comment.Property(c => c.FilePath).HasMaxLength(ReviewComment.MaxFilePathLength).IsRequired();
        comment.Property(c => c.LineType)
            .HasConversion(t => t.ToText(), t => EnumText.FromText<ReviewLineType>(t))
            .HasMaxLength(16).IsRequired();
        comment.Property(c => c.LineText).IsRequired();
        comment.Property(c => c.Body).IsRequired();
        comment.Property(c => c.Author).HasMaxLength(ReviewComment.MaxAuthorLength).IsRequired();
        comment.Property(c => c.AuthorAgentId).HasMaxLength(21);
        comment.Property(c => c.ParentCommentId).HasMaxLength(21);
        comment.Ignore(c => c.IsThread);
        // Phases and initiatives live in Planning: no foreign key to them, only to the thread a reply belongs to.
        comment.HasOne<ReviewComment>().WithMany().HasForeignKey(c => c.ParentCommentId)
            .OnDelete(DeleteBehavior.Cascade);
        comment.HasIndex(c => c.PhaseId);
        comment.HasIndex(c => c.InitiativeId);
    }
}
