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
                $"`scripts/add-migration.sh {service["Codewalkers.".Length..].ToLowerInvariant()} <Name>`");
        }
    }

    private static IEnumerable<Type> DbContextsOf(string service) =>
        CompiledReferences.Load(service).GetTypes()
            .Where(type => type.IsSubclassOf(typeof(DbContext)) && !type.IsAbstract);

    /// <summary>
    /// A context on a connection that is never opened (only its model is compared): in-memory SQLite, or PostgreSQL for
    /// a service's PostgreSQL subclass, which takes its base's options (Persistence's SubclassDbContextFactory).
    /// </summary>
    private static DbContext Open(Type contextType)
    {
        var postgres = contextType.Name.EndsWith("Postgres", StringComparison.Ordinal);
        var optionsType = postgres ? contextType.BaseType! : contextType;
        var builderType = typeof(DbContextOptionsBuilder<>).MakeGenericType(optionsType);
        var options = (DbContextOptionsBuilder)Activator.CreateInstance(builderType)!;
        if (postgres) options.UseNpgsql("Host=localhost");
        else options.UseSqlite("Data Source=:memory:");
        return (DbContext)Activator.CreateInstance(contextType, options.Options)!;
    }
}
