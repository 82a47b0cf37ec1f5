using Codewalkers.Agents.Domain;
using Codewalkers.Messaging;
using Codewalkers.Messaging.Outbox;
using Codewalkers.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Infrastructure;

public sealed class AgentsDbContext(DbContextOptions<AgentsDbContext> options) : DbContext(options)
{
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AgentLogChunk> LogChunks => Set<AgentLogChunk>();
    public DbSet<ProjectClone> Projects => Set<ProjectClone>();
    public DbSet<PlanningView> PlanningViews => Set<PlanningView>();
    public DbSet<AgentSession> Sessions => Set<AgentSession>();
    public DbSet<MergeOutcome> MergeOutcomes => Set<MergeOutcome>();

    /// <summary>Writes the events the agents queued to the outbox, so they commit with the change they announce.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        var agents = ChangeTracker.Entries<Agent>().Select(e => e.Entity).Where(a => a.PendingEvents.Count > 0).ToList();
        foreach (var agent in agents)
            foreach (var message in agent.PendingEvents) this.Publish(message);
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        foreach (var agent in agents) agent.ClearEvents();
        return saved;
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        throw new NotSupportedException("Use SaveChangesAsync: it writes the agents' events to the outbox.");

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgentsDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreTimestampsAsUnixMilliseconds();
}
