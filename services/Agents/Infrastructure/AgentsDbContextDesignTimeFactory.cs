using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Agents.Infrastructure;

/// <summary>The SQLite context for <c>dotnet ef</c> (see <see cref="SqliteDesignTime"/>).</summary>
internal sealed class AgentsDbContextDesignTimeFactory : IDesignTimeDbContextFactory<AgentsDbContext>
{
    public AgentsDbContext CreateDbContext(string[] args) => new(SqliteDesignTime.Options<AgentsDbContext>());
}
