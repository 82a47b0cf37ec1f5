using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Planning.Infrastructure;

/// <summary>
/// Lets <c>dotnet ef migrations add --context PlanningDbContext</c> build the SQLite context. Without it EF takes the
/// PostgreSQL subclass's factory for the base context too (it is assignable), and the "SQLite" migration comes out
/// with PostgreSQL column types and the PostgreSQL snapshot.
/// </summary>
internal sealed class PlanningDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PlanningDbContext>
{
    public PlanningDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PlanningDbContext>().UseSqlite("Data Source=:memory:").Options);
}
