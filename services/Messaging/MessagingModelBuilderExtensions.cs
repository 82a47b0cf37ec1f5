using Codewalkers.Messaging.Inbox;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Messaging;

public static class MessagingModelBuilderExtensions
{
    /// <summary>Adds the outbox and inbox tables to a service's model. Call from OnModelCreating.</summary>
    public static ModelBuilder AddOutboxAndInbox(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Sequence);
            outbox.Property(m => m.Sequence).ValueGeneratedOnAdd();
            outbox.Property(m => m.MessageType).HasMaxLength(500);
            outbox.Property(m => m.Destination).HasMaxLength(500);
            outbox.Property(m => m.TraceParent).HasMaxLength(100);
            outbox.Property(m => m.LastError).HasMaxLength(2000);
            outbox.Property(m => m.CreatedAt).HasConversion(UnixMillisecondsConverter.Instance);
            outbox.Property(m => m.SentAt).HasConversion(UnixMillisecondsConverter.Nullable);
            outbox.HasIndex(m => m.MessageId).IsUnique();
            outbox.HasIndex(m => new { m.SentAt, m.DeadLettered, m.Sequence });
        });

        modelBuilder.Entity<InboxMessage>(inbox =>
        {
            inbox.ToTable("inbox_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(300);
            inbox.Property(m => m.ProcessedAt).HasConversion(UnixMillisecondsConverter.Instance);
            inbox.HasIndex(m => m.ProcessedAt);
        });

        return modelBuilder;
    }
}
