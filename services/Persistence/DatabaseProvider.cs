using Microsoft.Extensions.Configuration;

namespace Codewalkers.Persistence;

/// <summary>
/// Where every service keeps its state: SQLite files under CW_HOME (the embedded default) or, for a team that outgrows
/// one machine, one PostgreSQL database per service (<c>ConnectionStrings:&lt;service&gt;</c>).
/// </summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

public static class DatabaseProviders
{
    public const string ConfigurationKey = "Database:Provider";

    /// <summary>The provider <c>Database:Provider</c> names; a value it does not know stops the start.</summary>
    public static DatabaseProvider From(IConfiguration configuration) =>
        configuration[ConfigurationKey]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "sqlite" => DatabaseProvider.Sqlite,
            "postgres" or "postgresql" => DatabaseProvider.Postgres,
            var other => throw new InvalidOperationException(
                $"{ConfigurationKey} is '{other}', which is not a database provider: use sqlite (the default) or "
                + "postgres."),
        };
}
