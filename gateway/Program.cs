using Codewalkers.Gateway;
using Codewalkers.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
var requestTimeout = builder.Configuration.GetValue<TimeSpan?>("Gateway:RequestTimeout");
builder.Services.AddReverseProxy()
    .LoadFromMemory(RouteTable.BuildRoutes(), RouteTable.BuildClusters(requestTimeout))
    .AddServiceDiscoveryDestinationResolver();
builder.Services.AddSingleton<HealthProbeClient>();
foreach (var service in RouteTable.Services)
{
    builder.Services.AddHealthChecks().Add(new(
        service,
        sp => ActivatorUtilities.CreateInstance<DownstreamHealthCheck>(sp, service),
        null,
        null,
        TimeSpan.FromSeconds(5)));
}

var app = builder.Build();
app.UseServiceDefaults();
app.MapReverseProxy(proxy => proxy.Use(ForwarderProblems.WriteAsync));
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
