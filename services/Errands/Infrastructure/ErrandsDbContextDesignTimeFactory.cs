using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Errands.Infrastructure;

/// <summary>The SQLite context for <c>dotnet ef</c> (see <see cref="SqliteDesignTime"/>).</summary>
internal sealed class ErrandsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<ErrandsDbContext>
{
    public ErrandsDbContext CreateDbContext(string[] args) => new(SqliteDesignTime.Options<ErrandsDbContext>());
}
