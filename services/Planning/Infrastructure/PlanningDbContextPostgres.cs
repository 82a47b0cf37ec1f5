using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Planning.Infrastructure;

/// <summary>
/// The same model on PostgreSQL. EF picks a context's migrations by its type, so this subclass carries the
/// PostgreSQL migration set (Migrations/Postgres/) beside the SQLite one of its base; the service asks for
/// <see cref="PlanningDbContext"/> either way (Persistence's AddServiceDatabase creates this one in its place).
/// </summary>
public sealed class PlanningDbContextPostgres(DbContextOptions<PlanningDbContext> options)
    : PlanningDbContext(options);

/// <summary>
/// Lets <c>dotnet ef migrations add --context PlanningDbContextPostgres</c> build the context without a server.
/// </summary>
internal sealed class PlanningDbContextPostgresDesignTimeFactory
    : IDesignTimeDbContextFactory<PlanningDbContextPostgres>
{
    public PlanningDbContextPostgres CreateDbContext(string[] args) =>
        new(PostgresDesignTime.Options<PlanningDbContext>());
}
