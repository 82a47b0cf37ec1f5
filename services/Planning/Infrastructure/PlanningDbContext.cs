using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Codewalkers.Planning.Domain;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Infrastructure;

/// <summary>
/// The Planning service's state. Under SQLite this class is created as it is and migrated from Migrations/; under
/// PostgreSQL its subclass <see cref="PlanningDbContextPostgres"/> is, migrated from Migrations/Postgres/.
/// </summary>
public class PlanningDbContext(DbContextOptions<PlanningDbContext> options) : DbContext(options)
{
    public DbSet<Project> Projects => Set<Project>();
    public DbSet<Initiative> Initiatives => Set<Initiative>();
    public DbSet<InitiativeProject> InitiativeProjects => Set<InitiativeProject>();
    public DbSet<Page> Pages => Set<Page>();
    public DbSet<Phase> Phases => Set<Phase>();
    public DbSet<PhaseDependency> PhaseDependencies => Set<PhaseDependency>();
    public DbSet<PlanTask> Tasks => Set<PlanTask>();
    public DbSet<TaskDependency> TaskDependencies => Set<TaskDependency>();
    public DbSet<Proposal> Proposals => Set<Proposal>();
    public DbSet<ChangeSet> ChangeSets => Set<ChangeSet>();
    public DbSet<AgentAssignment> Assignments => Set<AgentAssignment>();
    public DbSet<MergeRequest> Merges => Set<MergeRequest>();
    public DbSet<ChatTurn> ChatTurns => Set<ChatTurn>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(PlanningDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreTimestampsAsUnixMilliseconds();
}
