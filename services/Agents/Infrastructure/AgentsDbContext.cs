using Codewalkers.Agents.Domain;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Infrastructure;

/// <summary>
/// The Agents service's state. Under SQLite this class is created as it is and migrated from Migrations/; under
/// PostgreSQL its subclass <see cref="AgentsDbContextPostgres"/> is, migrated from Migrations/Postgres/.
/// </summary>
public class AgentsDbContext(DbContextOptions<AgentsDbContext> options) : DbContext(options)
{
    public DbSet<Agent> Agents => Set<Agent>();
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<AgentLogChunk> LogChunks => Set<AgentLogChunk>();
    public DbSet<ProjectClone> Projects => Set<ProjectClone>();
    public DbSet<PlanningView> PlanningViews => Set<PlanningView>();
    public DbSet<AgentSession> Sessions => Set<AgentSession>();
    public DbSet<UsageBudget> Budgets => Set<UsageBudget>();
    public DbSet<AgentProject> AgentProjects => Set<AgentProject>();
    public DbSet<MergeOutcome> MergeOutcomes => Set<MergeOutcome>();
    public DbSet<VerificationRun> Verifications => Set<VerificationRun>();
    public DbSet<MergedResultCheck> MergedResultChecks => Set<MergedResultCheck>();
    public DbSet<Runner> Runners => Set<Runner>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(AgentsDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreTimestampsAsUnixMilliseconds();
}
