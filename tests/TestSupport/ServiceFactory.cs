using System.Net.Http.Headers;
using Codewalkers.ServiceDefaults;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Codewalkers.TestSupport;

/// <summary>
/// One service in memory for functional tests: its own temp <c>CW_HOME</c> (database, token), the RabbitMQ bus
/// replaced by the MassTransit in-memory test harness. No broker connection string is given, so a surviving RabbitMQ
/// registration would fail the start instead of going unnoticed. With <c>CW_TEST_DATABASE=postgres</c> the service
/// keeps its state in a fresh PostgreSQL database instead of its SQLite file (<see cref="TestPostgres"/>).
/// </summary>
public abstract class ServiceFactory<TProgram, TDbContext>(string service)
    : WebApplicationFactory<TProgram>, IAsyncLifetime
    where TProgram : class
    where TDbContext : DbContext
{
    public string Home { get; } = Directory.CreateTempSubdirectory($"cw-{service}-").FullName;

    /// <summary>The service's PostgreSQL database, when the run is on PostgreSQL.</summary>
    private string? _postgres;

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public string Token => File.ReadAllText(Path.Combine(Home, "token")).Trim();

    protected virtual string EnvironmentName => "Development";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads CW_HOME before Build(),
        // and only settings are in by then.
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting(CodewalkersHome.ConfigurationKey, Home);
        if (TestPostgres.Enabled)
        {
            _postgres ??= TestPostgres.CreateDatabase(service);
            builder.UseSetting("Database:Provider", "postgres");
            builder.UseSetting($"ConnectionStrings:{service}", _postgres);
        }
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddMassTransitTestHarness();
            // The harness cancels its waits once TestTimeout has passed since start;
            // a shared factory outlives the default.
            services.Configure<TestHarnessOptions>(options => options.TestTimeout = TimeSpan.FromMinutes(10));
            ConfigureTestServices(services);
        });
    }

    /// <summary>What a test project adds to the service (observers, fakes at the edges).</summary>
    protected virtual void ConfigureTestServices(IServiceCollection services) { }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async Task<T> QueryAsync<T>(Func<TDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TDbContext>());
    }

    /// <summary>
    /// Starts the host; a test project that needs something running first (a fake API) starts it, then calls this.
    /// </summary>
    public virtual Task InitializeAsync()
    {
        _ = Server; // starts the host: migrations, token, bus
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await DisposeResourcesAsync();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null) await TestPostgres.DropDatabaseAsync(_postgres);
        // A process the service started (an agent CLI) may still be writing under Home:
        // a leftover temp dir is no failure.
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        CleanUp();
    }

    /// <summary>
    /// Stops what a test project started for the service (a fake API), after the service itself has stopped.
    /// </summary>
    protected virtual ValueTask DisposeResourcesAsync() => ValueTask.CompletedTask;

    /// <summary>Removes what a test project created besides <see cref="Home"/>.</summary>
    protected virtual void CleanUp() { }
}
