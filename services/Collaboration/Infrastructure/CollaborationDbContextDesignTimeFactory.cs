using Codewalkers.Persistence;
using Microsoft.EntityFrameworkCore.Design;

namespace Codewalkers.Collaboration.Infrastructure;

/// <summary>The SQLite context for <c>dotnet ef</c> (see <see cref="SqliteDesignTime"/>).</summary>
internal sealed class CollaborationDbContextDesignTimeFactory : IDesignTimeDbContextFactory<CollaborationDbContext>
{
    public CollaborationDbContext CreateDbContext(string[] args) => new(SqliteDesignTime.Options<CollaborationDbContext>());
}
