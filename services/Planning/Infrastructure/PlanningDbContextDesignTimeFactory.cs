using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Planning.Infrastructure;

/// <summary>The SQLite context for <c>dotnet ef</c> (see <see cref="SqliteDesignTime"/>).</summary>
internal sealed class PlanningDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PlanningDbContext>
{
    public PlanningDbContext CreateDbContext(string[] args) => new(SqliteDesignTime.Options<PlanningDbContext>());
}
