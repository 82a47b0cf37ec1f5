using Codewalkers.Collaboration.Domain;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class ConversationConfiguration : IEntityTypeConfiguration<Conversation>
{
    public void Configure(EntityTypeBuilder<Conversation> conversation)
    {
        conversation.ToTable("conversations");
        conversation.HasKey(c => c.Id);
        conversation.Property(c => c.Id).HasMaxLength(21);
        conversation.Property(c => c.FromAgentId).HasMaxLength(21).IsRequired();
        conversation.Property(c => c.ToAgentId).HasMaxLength(21).IsRequired();
        conversation.Property(c => c.Question).IsRequired();
        conversation.Property(c => c.Status)
            .HasConversion(s => s.ToText(), s => EnumText.FromText<ConversationStatus>(s))
            .HasMaxLength(32).IsRequired();
        // listen: the pending conversations to one agent; and what an agent asked.
        conversation.HasIndex(c => new { c.ToAgentId, c.Status });
        conversation.HasIndex(c => c.FromAgentId);
    }
}
