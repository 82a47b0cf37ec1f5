using Codewalkers.AppHost.Broker;
using Codewalkers.AppHost.Deployment;
using Codewalkers.AppHost.Programs;
using Codewalkers.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace Codewalkers.AppHost;

internal static class ResourceExtensions
{
    public const int DefaultGatewayPort = 5300;

    /// <summary>
    /// A service on a free loopback port, with its CW_HOME and broker, healthy when its /health is. It waits for the
    /// broker we start: started before it, its bus retries the connection at growing intervals (35 s apart a few
    /// minutes into a slow broker boot, measured), so it would connect up to that long after the broker is up.
    /// </summary>
    public static IResourceBuilder<BuiltProgramResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, string cwHome, MessageBroker broker)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddBuiltProject<TProject>(name, cwHome, port: null)
            .WithReference(broker.Connection)
            .WithHttpHealthCheck("/health");
        if (broker.Server is not null) service.WaitFor(broker.Server);
        return service;
    }

    /// <summary>
    /// The web app on a free loopback port, reached through the gateway at /. It reads the services' OpenAPI
    /// documents directly (for the API reference) and everything else through the gateway.
    /// </summary>
    public static IResourceBuilder<BuiltProgramResource> AddWebApp(
        this IDistributedApplicationBuilder builder,
        string cwHome,
        IEnumerable<IResourceBuilder<BuiltProgramResource>> services)
    {
        var web = builder.AddBuiltProject<Projects.Web>("web", cwHome, port: null)
            .WithHttpHealthCheck("/health");
        foreach (var service in services) web.WithReference(service);
        return web;
    }

    /// <summary>
    /// The one public entry point, bound to Gateway:Host (127.0.0.1) and Gateway:Port (5300) without a DCP proxy,
    /// so the address the user sees is the one the gateway itself listens on. It starts with the services, not after
    /// them: its /health (what ./run.sh, the tests and the dashboard wait for) is Healthy only once every service's is,
    /// and a call meanwhile to a service not up yet is answered 502 ProblemDetails by the gateway rather than refused.
    /// </summary>
    public static IResourceBuilder<BuiltProgramResource> AddGateway(
        this IDistributedApplicationBuilder builder,
        string cwHome,
        IEnumerable<IResourceBuilder<BuiltProgramResource>> services)
    {
        var port = builder.Configuration.GetValue<int?>("Gateway:Port") ?? DefaultGatewayPort;
        var host = builder.Configuration["Gateway:Host"] ?? "127.0.0.1";
        var gateway = builder.AddBuiltProject<Projects.Gateway>("gateway", cwHome, port)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = host)
            .WithHttpHealthCheck("/health");
        var allowedHosts = builder.Configuration["Gateway:AllowedHosts"];
        if (!string.IsNullOrWhiteSpace(allowedHosts)) gateway.WithEnvironment("Security__AllowedHosts", allowedHosts);
        foreach (var service in services) gateway.WithReference(service);
        return gateway;
    }

    /// <summary>
    /// The one place that decides how a project is launched: as its built program (<see cref="BuiltPrograms"/>), not
    /// through <c>dotnet run</c>, with what <c>AddProject</c> gave it: an http endpoint it listens on
    /// (ASPNETCORE_URLS), telemetry exported to the dashboard, plain console logs, and its working directory in the
    /// project (the content root, where its appsettings.json is, as under <c>dotnet run</c>). Others reach it by name
    /// through <c>WithReference</c> (service discovery); the supervisor and the dashboard see the same resource name.
    /// The endpoint is <paramref name="port"/>, or a free loopback port chosen now, kept across restarts and not behind
    /// DCP's proxy: after a kill -9 under load, DCP once restarted a service without re-registering its endpoint with
    /// the proxy, which then accepted connections and forwarded none (the service Healthy on its own port, unreachable
    /// by name for good); without the proxy every caller has the service's own address, and a request is one hop.
    /// </summary>
    private static IResourceBuilder<BuiltProgramResource> AddBuiltProject<TProject>(
        this IDistributedApplicationBuilder builder, string name, string cwHome, int? port)
        where TProject : IProjectMetadata, new()
    {
        if (builder.ExecutionContext.IsPublishMode) return builder.AddPublishedProject<TProject>(name, cwHome, port);
        var project = new TProject();
        var resource = new BuiltProgramResource(
            name, BuiltPrograms.Of(project), Path.GetDirectoryName(Path.GetFullPath(project.ProjectPath))!);
        var program = builder.AddResource(resource)
            .WithHttpEndpoint(port: port ?? LocalServerPorts.Free(), isProxied: false)
            .WithEnvironment("DOTNET_ROOT", BuiltPrograms.DotnetRoot())
            .WithEnvironment(CodewalkersHome.ConfigurationKey, cwHome)
            .WithOtlpExporter()
            // As AddProject sets them: the OTLP exporter keeps what it could not send yet and retries; console logs
            // one line per entry, colours kept for the dashboard's console view.
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory")
            .WithEnvironment("DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION", "true")
            .WithEnvironment("LOGGING__CONSOLE__FORMATTERNAME", "simple");
        var http = program.GetEndpoint("http");
        // The address it listens on; the endpoint's host is read when the environment is built (the gateway's is set
        // after this call).
        return program.WithEnvironment(context => context.EnvironmentVariables["ASPNETCORE_URLS"] =
            ReferenceExpression.Create(
                $"http://{http.EndpointAnnotation.TargetHost}:{http.Property(EndpointProperty.TargetPort)}"));
    }
}
