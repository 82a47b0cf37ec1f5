using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Persistence;

/// <summary>
/// Options for a service context's SQLite design-time factory, which lets <c>dotnet ef migrations add --context
/// &lt;Service&gt;DbContext</c> (scripts/add-migration.sh) build the SQLite context. Without that factory EF takes the
/// PostgreSQL subclass's factory for the base context too (it is assignable), and the "SQLite" migration comes out with
/// PostgreSQL column types and the PostgreSQL snapshot.
/// </summary>
public static class SqliteDesignTime
{
    public static DbContextOptions<TContext> Options<TContext>() where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>().UseSqlite("Data Source=:memory:").Options;
}
