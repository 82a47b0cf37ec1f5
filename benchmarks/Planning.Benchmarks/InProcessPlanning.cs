using MassTransit;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Codewalkers.Planning.Benchmarks;

/// <summary>
/// The real Planning service in this process, on a real SQLite file in a temporary CW_HOME; the broker is replaced
/// by MassTransit's in-memory harness, so the outbox dispatcher runs as in production without RabbitMQ.
/// </summary>
internal sealed class InProcessPlanning : WebApplicationFactory<Program>
{
    private readonly string _home = Directory.CreateTempSubdirectory("cw-planning-bench-").FullName;

    public InProcessPlanning()
    {
        // Outside a test project there is no content-root hint; the service serves no files, so any folder will do.
        Environment.SetEnvironmentVariable(
            "ASPNETCORE_TEST_CONTENTROOT_CODEWALKERS_PLANNING", AppContext.BaseDirectory);
    }

    public string Token => File.ReadAllText(Path.Combine(_home, "token")).Trim();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(Codewalkers.ServiceDefaults.CodewalkersHome.ConfigurationKey, _home);
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        builder.ConfigureTestServices(services => services.AddMassTransitTestHarness());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_home, recursive: true);
    }
}
