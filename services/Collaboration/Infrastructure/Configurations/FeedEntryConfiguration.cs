using Codewalkers.Collaboration.Domain.Feed;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class FeedEntryConfiguration : IEntityTypeConfiguration<FeedEntry>
{
    public void Configure(EntityTypeBuilder<FeedEntry> entry)
    {
        entry.ToTable("feed_entries");
        entry.HasKey(e => e.Id);
        // An id is never handed out again after pruning, so a reader's Last-Event-ID stays meaningful: AUTOINCREMENT on
        // SQLite; PostgreSQL's identity column (the annotation means nothing there) never reuses a value either.
        entry.Property(e => e.Id).ValueGeneratedOnAdd().HasAnnotation("Sqlite:Autoincrement", true);
        entry.Property(e => e.Kind).HasMaxLength(64).IsRequired();
        entry.Property(e => e.InitiativeId).HasMaxLength(21);
        entry.Property(e => e.PhaseId).HasMaxLength(21);
        entry.Property(e => e.TaskId).HasMaxLength(21);
        entry.Property(e => e.AgentId).HasMaxLength(21);
        entry.Property(e => e.ErrandId).HasMaxLength(21);
        entry.Property(e => e.Payload).IsRequired();
        // The feed of one initiative or errand, read forward from an id; and pruning by age.
        entry.HasIndex(e => new { e.InitiativeId, e.Id });
        entry.HasIndex(e => new { e.ErrandId, e.Id });
        entry.HasIndex(e => e.RecordedAt);
    }
}
