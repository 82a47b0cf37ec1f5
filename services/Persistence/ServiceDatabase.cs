using System.Diagnostics.CodeAnalysis;
using Codewalkers.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Persistence;

/// <summary>
/// A service's own database, registered for DI and health and migrated at start: a SQLite file under CW_HOME
/// (switched to WAL), or, with <c>Database:Provider=postgres</c>, the PostgreSQL database that
/// <c>ConnectionStrings:&lt;service&gt;</c> names.
/// </summary>
public static class ServiceDatabase
{
    /// <summary>How long a writer waits for the write lock another one holds before failing.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    /// <param name="builder">The service's host builder.</param>
    /// <param name="service">The service's name, which names its connection string under PostgreSQL.</param>
    /// <param name="databasePath">The service's SQLite file, used under SQLite.</param>
    /// <typeparam name="TDbContext">The context the service uses; under SQLite it is created as it is.</typeparam>
    /// <typeparam name="TPostgresDbContext">
    /// Its PostgreSQL subclass, created in its place under PostgreSQL: it carries the PostgreSQL migrations.
    /// </typeparam>
    public static IHostApplicationBuilder AddServiceDatabase<
        TDbContext,
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] TPostgresDbContext>(
        this IHostApplicationBuilder builder, string service, string databasePath)
        where TDbContext : DbContext
        where TPostgresDbContext : TDbContext
    {
        // The factory (for singletons that open a context per unit of work) also registers the scoped context that
        // requests and consumers get; both share one set of options, so every interceptor applies to both.
        switch (DatabaseProviders.From(builder.Configuration))
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(databasePath);
                builder.Services.AddDbContextFactory<TDbContext>(options =>
                    options.UseSqlite(sqlite)
                        .AddInterceptors(new SqliteConnectionSetup(LockWait), new ColumnLengthGuard()));
                break;
            case DatabaseProvider.Postgres:
                var postgres = builder.Configuration.GetConnectionString(service);
                if (string.IsNullOrWhiteSpace(postgres))
                {
                    throw new InvalidOperationException(
                        $"{DatabaseProviders.ConfigurationKey} is postgres but ConnectionStrings:{service} is not set: "
                        + $"give the {service} service its PostgreSQL database (the AppHost does when it starts one).");
                }
                // One wrapper for the service's lifetime: EF keys its internal services on the logger factory.
                builder.Services.AddSingleton(provider =>
                    new LostRaceLogging(provider.GetRequiredService<ILoggerFactory>()));
                builder.Services
                    .AddDbContextFactory<TDbContext, SubclassDbContextFactory<TDbContext, TPostgresDbContext>>(
                        (provider, options) => options.UseNpgsql(postgres)
                            .UseLoggerFactory(provider.GetRequiredService<LostRaceLogging>())
                            // A failed command is logged again, with its exception, by the save or query that ran it.
                            .ConfigureWarnings(w => w.Log((RelationalEventId.CommandError, LogLevel.Debug)))
                            .AddInterceptors(new ColumnLengthGuard()));
                break;
        }
        builder.Services.AddHealthChecks().AddDbContextCheck<TDbContext>("database");
        builder.Services.AddExceptionHandler<WriteConflictExceptionHandler>();
        return builder;
    }

    private static string SqliteConnectionString(string databasePath)
    {
        CreatePrivately(Path.GetFullPath(databasePath));
        return new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = true,
            DefaultTimeout = (int)LockWait.TotalSeconds,
        }.ToString();
    }

    /// <summary>
    /// The database holds the service's state (account secrets among it, encrypted): its directory is 0700 and the
    /// file 0600, created empty so SQLite never creates it with the umask's 0644. SQLite gives the -wal and -shm files
    /// the database file's mode; those of an older install are tightened here too.
    /// </summary>
    private static void CreatePrivately(string databasePath)
    {
        PrivateFiles.EnsurePrivateDirectory(Path.GetDirectoryName(databasePath)!);
        if (OperatingSystem.IsWindows()) return;
        try
        {
            var createEmpty = new FileStreamOptions
            {
                Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFiles.FileMode,
            };
            using (new FileStream(databasePath, createEmpty)) { }
        }
        catch (IOException) when (File.Exists(databasePath)) { /* an existing database: tightened below */ }
        // No -wal/-shm while no connection is open: Tighten passes over a file that is not there.
        foreach (var path in new[] { databasePath, $"{databasePath}-wal", $"{databasePath}-shm" })
            PrivateFiles.Tighten(path);
    }

    /// <summary>Applies pending migrations before the service takes traffic or consumes messages.</summary>
    public static async Task MigrateDatabaseAsync<TDbContext>(this WebApplication app) where TDbContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        await db.Database.MigrateAsync();
        if (!db.Database.IsSqlite()) return;
        // WAL lets the outbox dispatcher and readers work while a request writes; the setting persists in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
