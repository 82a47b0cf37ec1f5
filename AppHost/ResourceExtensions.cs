using Codewalkers.AppHost.Broker;
using Codewalkers.ServiceDefaults;
using Microsoft.Extensions.Configuration;

namespace Codewalkers.AppHost;

internal static class ResourceExtensions
{
    public const int DefaultGatewayPort = 5300;

    /// <summary>
    /// A service on a random loopback port, with its CW_HOME and broker, healthy when its /health is.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddService<TProject>(
        this IDistributedApplicationBuilder builder, string name, string cwHome, MessageBroker broker)
        where TProject : IProjectMetadata, new()
    {
        var service = builder.AddProject<TProject>(name, launchProfileName: null)
            .WithHttpEndpoint()
            .WithEnvironment(CodewalkersHome.ConfigurationKey, cwHome)
            .WithReference(broker.Connection)
            .WithHttpHealthCheck("/health");
        if (broker.WaitTarget is not null) service.WaitFor(broker.WaitTarget);
        return service;
    }

    /// <summary>
    /// The web app on a random loopback port, reached through the gateway at /. It reads the services' OpenAPI
    /// documents directly (for the API reference) and everything else through the gateway.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddWebApp(
        this IDistributedApplicationBuilder builder,
        string cwHome,
        IEnumerable<IResourceBuilder<ProjectResource>> services)
    {
        var web = builder.AddProject<Projects.Web>("web", launchProfileName: null)
            .WithHttpEndpoint()
            .WithEnvironment(CodewalkersHome.ConfigurationKey, cwHome)
            .WithHttpHealthCheck("/health");
        foreach (var service in services) web.WithReference(service);
        return web;
    }

    /// <summary>
    /// The one public entry point, bound to Gateway:Host (127.0.0.1) and Gateway:Port (5300) without a DCP proxy,
    /// so the address the user sees is the one the gateway itself listens on.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddGateway(
        this IDistributedApplicationBuilder builder,
        string cwHome,
        IEnumerable<IResourceBuilder<ProjectResource>> services)
    {
        var port = builder.Configuration.GetValue<int?>("Gateway:Port") ?? DefaultGatewayPort;
        var host = builder.Configuration["Gateway:Host"] ?? "127.0.0.1";
        var gateway = builder.AddProject<Projects.Gateway>("gateway", launchProfileName: null)
            .WithHttpEndpoint(port: port, isProxied: false)
            .WithEndpoint("http", endpoint => endpoint.TargetHost = host)
            .WithEnvironment(CodewalkersHome.ConfigurationKey, cwHome)
            .WithHttpHealthCheck("/health");
        var allowedHosts = builder.Configuration["Gateway:AllowedHosts"];
        if (!string.IsNullOrWhiteSpace(allowedHosts)) gateway.WithEnvironment("Security__AllowedHosts", allowedHosts);
        foreach (var service in services) gateway.WithReference(service).WaitFor(service);
        return gateway;
    }
}
