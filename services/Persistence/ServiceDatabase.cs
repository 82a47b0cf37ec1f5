using Codewalkers.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codewalkers.Persistence;

/// <summary>A service's own SQLite file: registered for DI and health, migrated and switched to WAL at start.</summary>
public static class ServiceDatabase
{
    /// <summary>How long a writer waits for the write lock another one holds before failing.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(
        this IHostApplicationBuilder builder, string databasePath)
        where TDbContext : DbContext
    {
        CreatePrivately(Path.GetFullPath(databasePath));
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = true,
            DefaultTimeout = (int)LockWait.TotalSeconds,
        }.ToString();
        // The factory (for singletons that open a context per unit of work) also registers the scoped context that
        // requests and consumers get; both share one set of options, so every interceptor applies to both.
        builder.Services.AddDbContextFactory<TDbContext>(options =>
            options.UseSqlite(connectionString).AddInterceptors(new SqliteConnectionSetup(LockWait)));
        builder.Services.AddHealthChecks().AddDbContextCheck<TDbContext>("database");
        builder.Services.AddExceptionHandler<WriteConflictExceptionHandler>();
        return builder;
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
        // WAL lets the outbox dispatcher and readers work while a request writes; the setting persists in the file.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
