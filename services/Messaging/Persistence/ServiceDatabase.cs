using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codewalkers.Messaging.Persistence;

/// <summary>A service's own SQLite file: registered for DI and health, migrated and switched to WAL at start.</summary>
public static class ServiceDatabase
{
    /// <summary>How long a writer waits for the write lock another one holds before failing.</summary>
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(30);

    public static IHostApplicationBuilder AddServiceDatabase<TDbContext>(this IHostApplicationBuilder builder, string databasePath)
        where TDbContext : DbContext
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Pooling = true,
            DefaultTimeout = (int)LockWait.TotalSeconds,
        }.ToString();
        builder.Services.AddDbContext<TDbContext>(options => options.UseSqlite(connectionString).AddInterceptors(new SqliteConnectionSetup(LockWait)));
        builder.Services.AddHealthChecks().AddDbContextCheck<TDbContext>("database");
        builder.Services.AddExceptionHandler<WriteConflictExceptionHandler>();
        return builder;
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
