using Codewalkers.Collaboration.Domain.Feed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class FeedSubjectConfiguration : IEntityTypeConfiguration<FeedSubject>
{
    public void Configure(EntityTypeBuilder<FeedSubject> subject)
    {
        subject.ToTable("feed_subjects");
        subject.HasKey(s => s.Id);
        // "task:<id>", "phase:<id>", "initiative:<id>".
        subject.Property(s => s.Id).HasMaxLength(40);
        subject.Property(s => s.Status).HasMaxLength(32).IsRequired();
    }
}
