using Codewalkers.AppHost.Programs;
using Codewalkers.ServiceDefaults;

namespace Codewalkers.AppHost.Deployment;

internal static class PublishedProject
{
    /// <summary>
    /// A service, the web app or the gateway as the deployment manifest describes it: the deployment builds and runs
    /// the project its own way, so the entry names the project (<c>project.v0</c>, as <c>AddProject</c> writes it)
    /// with only what runs anywhere: the port it listens on (<c>HTTP_PORTS</c>), CW_HOME and the telemetry retry.
    /// Nothing of this machine (its dotnet, its built program, its free ports) is in it.
    /// </summary>
    public static IResourceBuilder<BuiltProgramResource> AddPublishedProject<TProject>(
        this IDistributedApplicationBuilder builder, string name, string cwHome, int? port)
        where TProject : IProjectMetadata, new()
    {
        var project = new TProject();
        var resource = new BuiltProgramResource(name, "dotnet", Path.GetDirectoryName(project.ProjectPath)!);
        var published = builder.AddResource(resource)
            .WithHttpEndpoint(targetPort: port)
            .WithEnvironment(CodewalkersHome.ConfigurationKey, cwHome)
            .WithEnvironment("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY", "in_memory");
        var http = published.GetEndpoint("http");
        return published
            .WithEnvironment("HTTP_PORTS", http.Property(EndpointProperty.TargetPort))
            .WithManifestPublishingCallback(async context =>
            {
                context.Writer.WriteString("type", "project.v0");
                context.Writer.WriteString("path", context.GetManifestRelativePath(project.ProjectPath));
                await context.WriteEnvironmentVariablesAsync(resource);
                context.WriteBindings(resource);
            });
    }
}
