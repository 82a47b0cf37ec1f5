using Codewalkers.Collaboration.Domain.Chat;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class ChatMessageConfiguration : IEntityTypeConfiguration<ChatMessage>
{
    public void Configure(EntityTypeBuilder<ChatMessage> message)
    {
        message.ToTable("chat_messages");
        message.HasKey(m => m.Id);
        message.Property(m => m.Id).HasMaxLength(21);
        message.Property(m => m.SessionId).HasMaxLength(21).IsRequired();
        message.Property(m => m.Role).AsText();
        message.Property(m => m.Content).IsRequired();
        message.Property(m => m.TurnId).HasMaxLength(21);
        message.Property(m => m.ChangeSetId).HasMaxLength(21);
        // Two reverts racing: the second's update finds the flag changed (a 409), Planning refuses it anyway.
        message.Property(m => m.Reverted).IsConcurrencyToken();
        message.Ignore(m => m.ChangeList);
        message.HasOne<ChatSession>().WithMany().HasForeignKey(m => m.SessionId).OnDelete(DeleteBehavior.Cascade);
        message.HasIndex(m => new { m.SessionId, m.CreatedAt });
        message.HasIndex(m => m.TurnId);
    }
}
