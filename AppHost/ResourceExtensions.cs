using Codewalkers.AppHost.Broker;
using Codewalkers.AppHost.Programs;
using Codewalkers.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace Codewalkers.AppHost;

internal static class ResourceExtensions
{
    public const int DefaultGatewayPort = 5300;

    /// <summary>
    /// A service on a random loopback port, with its CW_HOME and broker, healthy when its /health is.
    /// </summary>
    public static IResourceBuilder<BuiltProgramResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, string cwHome, MessageBroker broker)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddBuiltProject<TProject>(name, cwHome, port: null)
            .WithReference(broker.Connection)
            .WithHttpHealthCheck("/health");
        if (broker.WaitTarget is not null) service.WaitFor(broker.WaitTarget);
        return service;
    }

    /// <summary>
    /// The web app on a random loopback port, reached through the gateway at /. It reads the services' OpenAPI
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
    /// so the address the user sees is the one the gateway itself listens on.
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
        foreach (var service in services) gateway.WithReference(service).WaitFor(service);
        return gateway;
    }

    /// <summary>
    /// The one place that decides how a project is launched: as its built program (<see cref="BuiltPrograms"/>), not
    /// through <c>dotnet run</c>, with what <c>AddProject</c> gave it: an http endpoint it listens on (ASPNETCORE_URLS;
    /// a fixed port without DCP's proxy when <paramref name="port"/> is given, else a random one behind the proxy),
    /// telemetry exported to the dashboard, plain console logs, and its working directory in the project (the content
    /// root, where its appsettings.json is, as under <c>dotnet run</c>). Others reach it by name through
    /// <c>WithReference</c> (service discovery); the supervisor and the dashboard see the same resource name.
    /// </summary>
    private static IResourceBuilder<BuiltProgramResource> AddBuiltProject<TProject>(
        this IDistributedApplicationBuilder builder, string name, string cwHome, int? port)
        where TProject : IProjectMetadata, new()
    {
        var project = new TProject();
        var resource = new BuiltProgramResource(
            name, BuiltPrograms.Of(project), Path.GetDirectoryName(Path.GetFullPath(project.ProjectPath))!);
        var program = builder.AddResource(resource)
            .WithHttpEndpoint(port: port, isProxied: port is null)
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
