using Codewalkers.Persistence;
using Codewalkers.SharedKernel;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Messaging.Tests.Infrastructure;

/// <summary>A service's own DbContext, as every service writes it: its tables plus the outbox and inbox.</summary>
public sealed class TestDb(DbContextOptions<TestDb> options) : DbContext(options)
{
    /// <summary>The producing side's state: a change here is what an outbox message announces.</summary>
    public DbSet<Thing> Things => Set<Thing>();

    /// <summary>
    /// The consuming side's state: one row per applied message (and attempt that got as far as writing).
    /// </summary>
    public DbSet<Effect> Effects => Set<Effect>();

    /// <summary>A counter the consumer reads, changes and writes back: the shape most handlers have.</summary>
    public DbSet<Tally> Tallies => Set<Tally>();

    /// <summary>An entity that queues its own events, as every service's entities do.</summary>
    public DbSet<Widget> Widgets => Set<Widget>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddOutboxAndInbox();
        modelBuilder.Entity<Thing>(thing =>
        {
            thing.ToTable("things");
            thing.Property(t => t.Name).HasMaxLength(200);
        });
        modelBuilder.Entity<Effect>(effect =>
        {
            effect.ToTable("effects");
            effect.Property(e => e.Tag).HasMaxLength(200);
            effect.HasIndex(e => e.MessageId);
        });
        modelBuilder.Entity<Tally>(tally =>
        {
            tally.ToTable("tallies");
            tally.HasKey(t => t.Tag);
            tally.Property(t => t.Tag).HasMaxLength(200);
        });
        modelBuilder.Entity<Widget>(widget =>
        {
            widget.ToTable("widgets");
            widget.Property(w => w.Name).HasMaxLength(200);
            widget.HasIndex(w => w.Name).IsUnique();
        });
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) =>
        configurationBuilder.StoreTimestampsAsUnixMilliseconds();
}

public sealed class Thing
{
    public long Id { get; set; }
    public string Name { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; } = DateTimeOffset.UtcNow;
    public DateTimeOffset? ArchivedAt { get; set; }
}

public sealed class Effect
{
    public long Id { get; set; }
    public Guid MessageId { get; set; }
    public string Tag { get; set; } = "";
    public int Number { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset AppliedAt { get; set; }
}

public sealed class Tally
{
    public string Tag { get; set; } = "";
    public int Count { get; set; }
}

/// <summary>Announces each of its changes as a <see cref="ThingHappened"/> tagged with its name, numbered.</summary>
public sealed class Widget : EventSource
{
    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public int Changes { get; private set; }

    public static Widget Create(string name)
    {
        var widget = new Widget { Name = name };
        widget.Changed();
        return widget;
    }

    public void Polish() => Changed();

    /// <summary>The caller removes it in the same unit of work.</summary>
    public void Scrap() => Raise(new ThingHappened(Name, -1));

    private void Changed() => Raise(new ThingHappened(Name, ++Changes));
}

/// <summary>A temporary SQLite file with the test schema; plain contexts on it see only committed data.</summary>
public sealed class TestDbFile : IDisposable
{
    private readonly string _directory;

    private TestDbFile(string directory)
    {
        _directory = directory;
        // No pooling: every context really closes its file, and the directory can be deleted afterwards.
        ConnectionString = $"Data Source={Path.Combine(directory, "service.db")};Pooling=False";
    }

    public string ConnectionString { get; }

    public static TestDbFile Create()
    {
        var directory = Path.Combine(Path.GetTempPath(), $"cw-messaging-tests-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        var file = new TestDbFile(directory);
        using var db = file.Open();
        db.Database.EnsureCreated();
        return file;
    }

    /// <summary>A context without the outbox interceptor, for arranging rows and for assertions.</summary>
    public TestDb Open() => new(new DbContextOptionsBuilder<TestDb>().UseSqlite(ConnectionString).Options);

    public void Dispose()
    {
        try { Directory.Delete(_directory, recursive: true); }
        catch (IOException) { /* a leftover temp file is harmless */ }
        catch (UnauthorizedAccessException) { }
    }
}
