using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Persistence;

/// <summary>
/// Options for <c>dotnet ef migrations add</c> on a service's PostgreSQL context: scaffolding a migration compares the
/// model with the last snapshot and never connects, so no server is needed.
/// </summary>
public static class PostgresDesignTime
{
    public static DbContextOptions<TContext> Options<TContext>() where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>().UseNpgsql("Host=localhost").Options;
}
