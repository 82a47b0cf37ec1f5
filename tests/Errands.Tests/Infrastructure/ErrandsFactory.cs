using System.Net.Http.Headers;
using Codewalkers.Errands.Infrastructure;
using Codewalkers.ServiceDefaults;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Errands.Tests.Infrastructure;

/// <summary>
/// The Errands service in memory: its own temp <c>CW_HOME</c>, the RabbitMQ bus replaced by the MassTransit in-memory
/// test harness (no broker connection string is given, so a surviving RabbitMQ registration would fail the start).
/// </summary>
public sealed class ErrandsFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public string Home { get; } = Directory.CreateTempSubdirectory("cw-errands-").FullName;

    public ITestHarness Harness => Services.GetRequiredService<ITestHarness>();

    public ConsumeLog Consumed => Services.GetRequiredService<ConsumeLog>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads CW_HOME before Build(), and only settings are in by then.
        builder.UseSetting(CodewalkersHome.ConfigurationKey, Home);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services =>
        {
            services.AddMassTransitTestHarness();
            services.AddSingleton<ConsumeLog>();
            services.AddConsumeObserver(provider => provider.GetRequiredService<ConsumeLog>());
            // The harness cancels its waits once TestTimeout has passed since start; a shared factory outlives the default.
            services.Configure<TestHarnessOptions>(options => options.TestTimeout = TimeSpan.FromMinutes(10));
        });
    }

    public HttpClient CreateAuthorizedClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(Home, "token")).Trim());
        return client;
    }

    public async Task<T> QueryAsync<T>(Func<ErrandsDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ErrandsDbContext>());
    }

    /// <summary>Publishes through the harness bus with the given message id and waits until the consumer has finished with it.</summary>
    public async Task DeliverAsync<T>(T message, Guid messageId) where T : class
    {
        var before = Consumed.Finished(messageId);
        await Harness.Bus.Publish(message, Pipe.Execute<PublishContext>(context => context.MessageId = messageId));
        await Eventually.TrueAsync(() => Task.FromResult(Consumed.Finished(messageId) > before), $"delivery {before + 1} of {messageId} consumed");
        var faults = Consumed.Faults(messageId);
        Assert.True(faults.Count == 0, $"Consuming {messageId} failed: {faults.FirstOrDefault()}");
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
    }
}
