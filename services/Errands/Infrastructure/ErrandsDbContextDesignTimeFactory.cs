using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Errands.Infrastructure;

/// <summary>
/// Lets <c>dotnet ef migrations add --context ErrandsDbContext</c> build the SQLite context. Without it EF takes the
/// PostgreSQL subclass's factory for the base context too (it is assignable), and the "SQLite" migration comes out
/// with PostgreSQL column types and the PostgreSQL snapshot.
/// </summary>
internal sealed class ErrandsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ErrandsDbContext>
{
    public ErrandsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ErrandsDbContext>().UseSqlite("Data Source=:memory:").Options);
}
