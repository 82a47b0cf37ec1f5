using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Errands.Infrastructure;

/// <summary>
/// The same model on PostgreSQL. EF picks a context's migrations by its type, so this subclass carries the
/// PostgreSQL migration set (Migrations/Postgres/) beside the SQLite one of its base; the service asks for
/// <see cref="ErrandsDbContext"/> either way (Persistence's AddServiceDatabase creates this one in its place).
/// </summary>
public sealed class ErrandsDbContextPostgres(DbContextOptions<ErrandsDbContext> options)
    : ErrandsDbContext(options);

/// <summary>
/// Lets <c>dotnet ef migrations add --context ErrandsDbContextPostgres</c> build the context without a server.
/// </summary>
internal sealed class ErrandsDbContextPostgresDesignTimeFactory
    : IDesignTimeDbContextFactory<ErrandsDbContextPostgres>
{
    public ErrandsDbContextPostgres CreateDbContext(string[] args) =>
        new(PostgresDesignTime.Options<ErrandsDbContext>());
}
