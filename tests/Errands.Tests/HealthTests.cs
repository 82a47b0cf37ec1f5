using Codewalkers.Errands.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Codewalkers.Errands.Tests;

/// <summary>
/// /health is the readiness probe the AppHost and the gateway rely on: it must cover the database and the broker.
/// </summary>
public sealed class HealthTests(ErrandsFactory factory) : IClassFixture<ErrandsFactory>
{
    [Fact]
    public void Readiness_checks_the_database_and_the_message_bus()
    {
        var checks = factory.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations
            .Select(r => r.Name)
            .ToList();

        Assert.Contains("database", checks);
        Assert.Contains(checks, name => name.Contains("masstransit", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Health_answers_healthy_when_database_and_bus_are_up()
    {
        var response = await factory.CreateClient().GetAsync("/health");

        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }
}
