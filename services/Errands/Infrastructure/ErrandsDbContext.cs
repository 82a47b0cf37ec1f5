using Codewalkers.Errands.Domain;
using Codewalkers.Messaging;
using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Errands.Infrastructure;

public sealed class ErrandsDbContext(DbContextOptions<ErrandsDbContext> options) : DbContext(options)
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
