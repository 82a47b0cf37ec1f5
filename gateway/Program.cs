using Codewalkers.Gateway;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
var requestTimeout = builder.Configuration.GetValue<TimeSpan?>("Gateway:RequestTimeout");
builder.Services.AddReverseProxy()
    .LoadFromMemory(RouteTable.BuildRoutes(), RouteTable.BuildClusters(requestTimeout))
    .AddServiceDiscoveryDestinationResolver();
builder.Services.AddSingleton<HealthProbeClient>();
builder.Services.AddSingleton(new SignedInElsewhere(RouteTable.IsWebPath));
foreach (var service in RouteTable.Services.Append(RouteTable.WebApp))
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
// Before the web app's catch-all: an /api path no service owns is the API's 404, not a page.
app.Map("/api/{**rest}", (HttpContext context) => Results.Problem(
    statusCode: StatusCodes.Status404NotFound,
    title: "No such API route",
    detail: $"No service answers {context.Request.Path}; see {RouteTable.ApiReferencePath} for the API."));
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
