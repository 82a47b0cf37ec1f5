using Codewalkers.Errands.Domain;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Errands.Infrastructure;

/// <summary>
/// The Errands service's state. Under SQLite this class is created as it is and migrated from Migrations/; under
/// PostgreSQL its subclass <see cref="ErrandsDbContextPostgres"/> is, migrated from Migrations/Postgres/.
/// </summary>
public class ErrandsDbContext(DbContextOptions<ErrandsDbContext> options) : DbContext(options)
{
    public DbSet<ProjectView> Projects => Set<ProjectView>();

    public DbSet<Errand> Errands => Set<Errand>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ErrandsDbContext).Assembly);
        modelBuilder.AddOutboxAndInbox();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreTimestampsAsUnixMilliseconds();
}
