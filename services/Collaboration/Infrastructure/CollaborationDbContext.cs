using Codewalkers.Collaboration.Domain;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Domain.Webhooks;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>
/// The Collaboration service's state. Under SQLite this class is created as it is and migrated from Migrations/; under
/// PostgreSQL its subclass <see cref="CollaborationDbContextPostgres"/> is, migrated from Migrations/Postgres/.
/// </summary>
public class CollaborationDbContext(DbContextOptions<CollaborationDbContext> options) : DbContext(options)
{
    public DbSet<AgentView> Agents => Set<AgentView>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<Domain.Inbox.Message> Messages => Set<Domain.Inbox.Message>();

    public DbSet<Domain.Inbox.PlanItemView> PlanItems => Set<Domain.Inbox.PlanItemView>();

    public DbSet<FeedEntry> FeedEntries => Set<FeedEntry>();

    public DbSet<FeedSubject> FeedSubjects => Set<FeedSubject>();

    public DbSet<Webhook> Webhooks => Set<Webhook>();

    public DbSet<WebhookDelivery> WebhookDeliveries => Set<WebhookDelivery>();

    public DbSet<ReviewComment> ReviewComments => Set<ReviewComment>();

    public DbSet<Domain.Chat.ChatSession> ChatSessions => Set<Domain.Chat.ChatSession>();

    public DbSet<Domain.Chat.ChatMessage> ChatMessages => Set<Domain.Chat.ChatMessage>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CollaborationDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreTimestampsAsUnixMilliseconds();
}
