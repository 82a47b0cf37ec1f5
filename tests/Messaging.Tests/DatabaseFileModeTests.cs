using Codewalkers.Messaging.Tests.Infrastructure;
using Codewalkers.Persistence;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Messaging.Tests;

/// <summary>
/// A service's SQLite file, with its -wal and -shm, is readable by its user only, on a new install and an old one.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DatabaseFileModeTests : IDisposable
{
    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private readonly string _root = Directory.CreateTempSubdirectory("cw-db-modes-").FullName;

    [Fact]
    public async Task A_new_database_and_its_wal_and_shm_files_are_0600_in_a_0700_directory()
    {
        var path = Path.Combine(_root, "data", "svc.db");

        await using var app = await StartAsync(path);

        Assert.Equal(Private | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        db.Things.Add(new Thing { Name = "written" });
        await db.SaveChangesAsync();
        foreach (var file in new[] { path, $"{path}-wal", $"{path}-shm" })
            Assert.True(File.GetUnixFileMode(file) == Private, $"{file} is {File.GetUnixFileMode(file)}");
    }

    [Fact]
    public async Task An_existing_world_readable_database_is_tightened_at_start()
    {
        var path = Path.Combine(_root, "data", "old.db");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await using (var old = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await old.OpenAsync();
            await using var command = old.CreateCommand();
            command.CommandText = "CREATE TABLE t (x INTEGER);";
            await command.ExecuteNonQueryAsync();
        }
        File.SetUnixFileMode(path, Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        File.SetUnixFileMode(Path.GetDirectoryName(path)!, (UnixFileMode)0b111_101_101);

        await using var app = await StartAsync(path, migrate: false);

        Assert.Equal(Private, File.GetUnixFileMode(path));
        Assert.Equal(Private | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
    }

    private static async Task<WebApplication> StartAsync(string path, bool migrate = true)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.AddServiceDatabase<TestDb, TestDb>("messaging", path);
        var app = builder.Build();
        if (migrate)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TestDb>();
            await db.Database.EnsureCreatedAsync();
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        return app;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
