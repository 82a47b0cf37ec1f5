using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Codewalkers.Messaging.Tests.Infrastructure;

/// <summary>
/// One service as it runs in production: a generic host wired by
/// <see cref="MessagingServiceCollectionExtensions.AddMessaging"/> against the real broker, with its own SQLite file.
/// Each host gets its own service name, so its queues are its own.
/// </summary>
public sealed class MessagingTestHost : IAsyncDisposable
{
    private readonly IHost _host;

    private MessagingTestHost(IHost host, TestDbFile database, string serviceName)
    {
        _host = host;
        Database = database;
        ServiceName = serviceName;
    }

    public TestDbFile Database { get; }
    public string ServiceName { get; }
    public IServiceProvider Services => _host.Services;
    public IBus Bus => Services.GetRequiredService<IBus>();
    public AttemptLog Attempts => Services.GetRequiredService<AttemptLog>();
    public ConsumeLog Consumed => Services.GetRequiredService<ConsumeLog>();
    public DeliveryLog Deliveries => Services.GetRequiredService<DeliveryLog>();

    public static Task<MessagingTestHost> StartAsync(
        RabbitMqBroker broker, ITestOutputHelper output, IDictionary<string, string?>? settings = null) =>
        StartAsync(broker.AmqpUri, output, settings);

    public static async Task<MessagingTestHost> StartAsync(
        Uri broker, ITestOutputHelper output, IDictionary<string, string?>? settings = null)
    {
        var database = TestDbFile.Create();
        var serviceName = $"t{Guid.NewGuid():N}"[..12];

        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            DisableDefaults = true,
            ApplicationName = "Codewalkers.Messaging.Tests",
            EnvironmentName = Environments.Development,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:messaging"] = broker.ToString(),
            ["Messaging:PollInterval"] = "00:00:01",
            ["Messaging:MaxBackoff"] = "00:00:01",
            ["Messaging:PublishTimeout"] = "00:00:03",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddProvider(new TestOutputLoggerProvider(output));

        builder.Services.AddMetrics();
        builder.Services.AddSingleton(database);
        builder.Services.AddSingleton<AttemptLog>();
        builder.Services.AddSingleton<ConsumeLog>();
        builder.Services.AddSingleton<DeliveryLog>();
        builder.Services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumeLog>());
        builder.Services.AddDbContext<TestDb>(options => options.UseSqlite(database.ConnectionString));
        builder.Services.Configure<MassTransitHostOptions>(options =>
        {
            // Start returns once the receive endpoints are bound: a message published before that would be lost.
            options.WaitUntilStarted = true;
            options.StartTimeout = TimeSpan.FromSeconds(30);
            options.StopTimeout = TimeSpan.FromSeconds(10);
        });

        builder.AddMessaging<TestDb>(serviceName, bus =>
        {
            bus.AddConsumer<ThingHappenedConsumer>().Endpoint(endpoint =>
            {
                endpoint.ConcurrentMessageLimit = 1;
                endpoint.PrefetchCount = 1;
            });
            bus.AddConsumer<FlakyThingConsumer>();
            bus.AddConsumer<ThingCountedConsumer>();
            bus.AddConsumer<PoisonThingConsumer>();
        });

        var host = builder.Build();
        try
        {
            await host.StartAsync();
            await WaitUntilHealthyAsync(host.Services.GetRequiredService<IBusControl>());
        }
        catch
        {
            host.Dispose();
            database.Dispose();
            throw;
        }
        return new MessagingTestHost(host, database, serviceName);
    }

    private static async Task WaitUntilHealthyAsync(IBusControl bus)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var health = bus.CheckHealth();
            if (health.Status == BusHealthStatus.Healthy) return;
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"The bus did not become healthy: {health.Status} {health.Description}");
            await Task.Delay(100);
        }
    }

    /// <summary>A DI scope, whose <see cref="TestDb"/> carries the outbox interceptor like a request's would.</summary>
    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        using (var stop = new CancellationTokenSource(TimeSpan.FromSeconds(15)))
        {
            try { await _host.StopAsync(stop.Token); }
            catch (OperationCanceledException) { /* disposing below ends whatever is left */ }
        }
        _host.Dispose();
        Database.Dispose();
    }
}

public static class ScopeExtensions
{
    public static TestDb Db(this AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<TestDb>();
}

/// <summary>Shows the host's warnings and errors in the test's output.</summary>
internal sealed class TestOutputLoggerProvider(ITestOutputHelper output) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(output, categoryName);

    public void Dispose() { }

    private sealed class Logger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception,
            Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            try
            {
                output.WriteLine(
                    $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)}"
                    + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})"));
            }
            catch (InvalidOperationException)
            {
                // The test already finished; background services may still be logging while the host stops.
            }
        }
    }
}
