using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Agents.Infrastructure;

/// <summary>
/// The same model on PostgreSQL. EF picks a context's migrations by its type, so this subclass carries the
/// PostgreSQL migration set (Migrations/Postgres/) beside the SQLite one of its base; the service asks for
/// <see cref="AgentsDbContext"/> either way (Persistence's AddServiceDatabase creates this one in its place).
/// </summary>
public sealed class AgentsDbContextPostgres(DbContextOptions<AgentsDbContext> options)
    : AgentsDbContext(options);

/// <summary>
/// Lets <c>dotnet ef migrations add --context AgentsDbContextPostgres</c> build the context without a server.
/// </summary>
internal sealed class AgentsDbContextPostgresDesignTimeFactory
    : IDesignTimeDbContextFactory<AgentsDbContextPostgres>
{
    public AgentsDbContextPostgres CreateDbContext(string[] args) =>
        new(PostgresDesignTime.Options<AgentsDbContext>());
}
