using System.Net.Http.Headers;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.ServiceDefaults;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Planning.Tests.Infrastructure;

/// <summary>
/// The Planning service in memory: its own temp <c>CW_HOME</c> (database, token), the RabbitMQ bus replaced by the
/// MassTransit in-memory test harness. No broker connection string is given, so a surviving RabbitMQ registration
/// would fail the start instead of going unnoticed.
/// </summary>
public class PlanningFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string Home { get; } = Directory.CreateTempSubdirectory("cw-planning-").FullName;

    /// <summary>Where the tests create their git repositories; removed with the factory.</summary>
    public string Scratch { get; } = Directory.CreateTempSubdirectory("cw-planning-repos-").FullName;

    protected virtual string EnvironmentName => "Development";

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public string Token => File.ReadAllText(Path.Combine(Home, "token")).Trim();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads CW_HOME before Build(), and only settings are in by then.
        builder.UseEnvironment(EnvironmentName);
        builder.UseSetting(CodewalkersHome.ConfigurationKey, Home);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddMassTransitTestHarness();
            // The harness cancels its waits once TestTimeout has passed since start; a shared factory outlives the default.
            services.Configure<TestHarnessOptions>(options => options.TestTimeout = TimeSpan.FromMinutes(10));
        });
    }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        return client;
    }

    public async Task<T> QueryAsync<T>(Func<PlanningDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<PlanningDbContext>());
    }

    public Task InitializeAsync()
    {
        _ = Server; // starts the host: migrations, token, bus
        return Task.CompletedTask;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(Home, recursive: true);
        Directory.Delete(Scratch, recursive: true);
    }
}

/// <summary>The same service as deployed without ASPNETCORE_ENVIRONMENT=Development, where bad requests are not thrown.</summary>
public sealed class ProductionPlanningFactory : PlanningFactory
{
    protected override string EnvironmentName => "Production";
}
