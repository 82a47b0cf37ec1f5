using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>
/// The same model on PostgreSQL. EF picks a context's migrations by its type, so this subclass carries the
/// PostgreSQL migration set (Migrations/Postgres/) beside the SQLite one of its base; the service asks for
/// <see cref="CollaborationDbContext"/> either way (Persistence's AddServiceDatabase creates this one in its place).
/// </summary>
public sealed class CollaborationDbContextPostgres(DbContextOptions<CollaborationDbContext> options)
    : CollaborationDbContext(options);

/// <summary>
/// Lets <c>dotnet ef migrations add --context CollaborationDbContextPostgres</c> build the context without a server.
/// </summary>
internal sealed class CollaborationDbContextPostgresDesignTimeFactory
    : IDesignTimeDbContextFactory<CollaborationDbContextPostgres>
{
    public CollaborationDbContextPostgres CreateDbContext(string[] args) =>
        new(PostgresDesignTime.Options<CollaborationDbContext>());
}
