using Codewalkers.Messaging;
using Codewalkers.Messaging.Persistence;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Infrastructure;

public sealed class AgentsDbContext(DbContextOptions<AgentsDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreTimestampsAsUnixMilliseconds();
}
