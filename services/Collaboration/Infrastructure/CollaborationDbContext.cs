using Codewalkers.Collaboration.Domain;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Infrastructure;

public sealed class CollaborationDbContext(DbContextOptions<CollaborationDbContext> options) : DbContext(options)
{
    public DbSet<AgentView> Agents => Set<AgentView>();

    public DbSet<Conversation> Conversations => Set<Conversation>();

    public DbSet<ReviewComment> ReviewComments => Set<ReviewComment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(CollaborationDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreTimestampsAsUnixMilliseconds();
}
