using Codewalkers.Architecture.Tests.Dependencies;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Architecture.Tests;

/// <summary>
/// A service migrates its own database at start (Persistence's MigrateDatabaseAsync) from its Migrations folder: a
/// model change without a migration would start fine and then fail on the first query that touches it.
/// </summary>
public sealed class MigrationTests
{
    private static IEnumerable<string> StatefulServices =>
        Boundaries.KnownServices.Where(service => DbContextsOf(service).Any()).Order();

    public static TheoryData<string> ServicesWithADatabase() => [.. StatefulServices];

    [Fact]
    public void Every_service_with_state_is_checked()
    {
        Assert.Equal(
            ["Codewalkers.Agents", "Codewalkers.Collaboration", "Codewalkers.Errands", "Codewalkers.Planning"],
            StatefulServices);
    }

    [Theory]
    [MemberData(nameof(ServicesWithADatabase))]
    public void Every_model_change_has_its_migration(string service)
    {
        foreach (var contextType in DbContextsOf(service))
        {
            using var db = Open(contextType);
            Assert.True(db.Database.GetMigrations().Any(), $"{contextType.Name} has no migration at all");
            Assert.False(db.Database.HasPendingModelChanges(),
                $"{contextType.Name}'s model differs from its last migration: add one with " +
                $"`dotnet ef migrations add <Name> --project services/{service["Codewalkers.".Length..]}`");
        }
    }

    private static IEnumerable<Type> DbContextsOf(string service) =>
        CompiledReferences.Load(service).GetTypes()
            .Where(type => type.IsSubclassOf(typeof(DbContext)) && !type.IsAbstract);

    /// <summary>A context on an in-memory SQLite connection that is never opened: only its model is compared.</summary>
    private static DbContext Open(Type contextType)
    {
        var builderType = typeof(DbContextOptionsBuilder<>).MakeGenericType(contextType);
        var options = (DbContextOptionsBuilder)Activator.CreateInstance(builderType)!;
        options.UseSqlite("Data Source=:memory:");
        return (DbContext)Activator.CreateInstance(contextType, options.Options)!;
    }
}
