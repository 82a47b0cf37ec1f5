using Codewalkers.Collaboration.Domain.Inbox;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Codewalkers.Collaboration.Infrastructure.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> message)
    {
        message.ToTable("messages");
        message.HasKey(m => m.Id);
        message.Property(m => m.Id).HasMaxLength(21);
        message.Property(m => m.Kind).AsText();
        message.Property(m => m.Type).AsText();
        message.Property(m => m.SenderType).AsText();
        message.Property(m => m.RecipientType).AsText();
        // Two replies racing for one item: the second's update finds the status changed and is a 409, not a second
        // resume.
        message.Property(m => m.Status).AsText().IsConcurrencyToken();
        message.Property(m => m.Content).IsRequired();
        message.Ignore(m => m.QuestionList);
        message.Ignore(m => m.IsOpenQuestion);
        // A thread: replies point at their item; an item outlives nothing it points at (agents and plans are
        // elsewhere), so the only foreign key is the thread's own.
        message.HasOne<Message>().WithMany().HasForeignKey(m => m.ParentMessageId).OnDelete(DeleteBehavior.Cascade);
        // The inbox list (pending for the user, newest first) and the closing of an agent's open questions.
        message.HasIndex(m => new { m.RecipientType, m.Status, m.CreatedAt });
        message.HasIndex(m => new { m.AgentId, m.Status });
        message.HasIndex(m => m.InitiativeId);
        message.HasIndex(m => m.ErrandId);
    }
}

internal static class EnumColumns
{
    public static PropertyBuilder<T> AsText<T>(this PropertyBuilder<T> property) where T : struct, Enum =>
        property.HasConversion(v => v.ToText(), v => EnumText.FromText<T>(v)).HasMaxLength(32).IsRequired();
}
