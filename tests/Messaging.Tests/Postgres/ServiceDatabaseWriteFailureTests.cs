using System.Collections.Concurrent;
using System.Data;
using Codewalkers.Messaging.Tests.Infrastructure;
using Codewalkers.Persistence;
using Codewalkers.SharedKernel.Errors;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Codewalkers.Messaging.Tests.Postgres;

/// <summary>
/// Writes that fail, through a service's database as AddServiceDatabase registers it: a text longer than its column
/// (on the provider the run is on: PostgreSQL refuses it, SQLite would store it) and a lost serialization race.
/// </summary>
public sealed class ServiceDatabaseWriteFailureTests : IAsyncLifetime
{
    private readonly string _root = Directory.CreateTempSubdirectory("cw-db-failures-").FullName;
    private readonly string? _postgres = TestPostgres.Enabled ? TestPostgres.CreateDatabase("messaging") : null;
    private readonly Logs _logs = new();
    private WebApplication _app = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        if (_postgres is not null)
        {
            builder.Configuration["Database:Provider"] = "postgres";
            builder.Configuration["ConnectionStrings:messaging"] = _postgres;
        }
        builder.Logging.ClearProviders().AddProvider(_logs).SetMinimumLevel(LogLevel.Debug);
        builder.AddServiceDatabase<TestDb, TestDb>("messaging", Path.Combine(_root, "data", "svc.db"));
        _app = builder.Build();
        await using var scope = _app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TestDb>().Database.EnsureCreatedAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null) await TestPostgres.DropDatabaseAsync(_postgres);
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public async Task A_text_longer_than_its_column_is_refused_naming_the_field_and_nothing_is_written()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TestDb>();
        db.Things.Add(new Thing { Name = new string('x', 201) });

        var refused = await Assert.ThrowsAsync<ValidationException>(() => db.SaveChangesAsync());

        Assert.Equal(400, refused.Status);
        Assert.Contains("at most 200", Assert.Single(refused.Errors["name"]));
        db.ChangeTracker.Clear();
        Assert.False(await db.Things.AnyAsync());
    }

    [PostgresFact]
    public async Task A_lost_serialization_race_is_logged_once_as_information_not_as_an_error()
    {
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TestDb>();
            db.Things.Add(new Thing { Name = "contested" });
            await db.SaveChangesAsync();
        }
        await using var winnerScope = _app.Services.CreateAsyncScope();
        await using var loserScope = _app.Services.CreateAsyncScope();
        var winner = winnerScope.ServiceProvider.GetRequiredService<TestDb>();
        var loser = loserScope.ServiceProvider.GetRequiredService<TestDb>();
        await using var first = await winner.Database.BeginTransactionAsync(IsolationLevel.Serializable);
        await using var second = await loser.Database.BeginTransactionAsync(IsolationLevel.Serializable);
        var mine = await winner.Things.SingleAsync();
        var theirs = await loser.Things.SingleAsync();
        mine.Name = "winner";
        await winner.SaveChangesAsync();
        await first.CommitAsync();
        _logs.Clear();

        theirs.Name = "loser";
        // EF wraps it (DbUpdateException, and that in an InvalidOperationException when it deems it transient).
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => loser.SaveChangesAsync());

        Assert.Equal(PostgresErrorCodes.SerializationFailure, PostgresFailures.Find(failure)?.SqlState);
        var loud = _logs.Entries.Where(e => e.Level >= LogLevel.Information).ToList();
        Assert.True(loud.All(e => e.Level < LogLevel.Warning),
            string.Join("\n", loud.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
        Assert.Single(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("lost a race"));
    }

    private sealed record Entry(LogLevel Level, string Category, string Message);

    private sealed class Logs : ILoggerProvider
    {
        private ConcurrentQueue<Entry> _entries = new();

        public IReadOnlyCollection<Entry> Entries => _entries;

        public void Clear() => _entries = new ConcurrentQueue<Entry>();

        public ILogger CreateLogger(string categoryName) => new Recorder(this, categoryName);

        public void Dispose() { }

        private sealed class Recorder(Logs logs, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(
                LogLevel logLevel, EventId eventId, TState state, Exception? exception,
                Func<TState, Exception?, string> formatter) =>
                logs._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception)));
        }
    }
}
