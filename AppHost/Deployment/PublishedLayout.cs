using Codewalkers.AppHost.Programs;
using Microsoft.Extensions.Configuration;

namespace Codewalkers.AppHost.Deployment;

/// <summary>
/// What the AppHost describes when Aspire's manifest publisher runs it (<c>--publisher manifest</c>, see
/// docs/deploy.md) instead of running the system here: nothing is started or written on this machine. The broker is a
/// RabbitMQ cluster and the databases are PostgreSQL, both given as secret connection strings where the manifest is
/// deployed; CW_HOME is the directory each machine keeps its token, keys and workspaces in.
/// </summary>
internal static class PublishedLayout
{
    public const string DefaultHome = "/var/lib/codewalkers";

    public static bool IsPublishing(this IDistributedApplicationBuilder builder) =>
        builder.ExecutionContext.IsPublishMode;

    /// <summary>CW_HOME on the machines the manifest is deployed to (<c>Deploy:Home</c>), not this machine's.</summary>
    public static string Home(IDistributedApplicationBuilder builder) =>
        builder.Configuration["Deploy:Home"] is { Length: > 0 } home ? home : DefaultHome;

    /// <summary>
    /// What only a deployment needs: quorum queues (a broker node may be lost without losing a message) and the
    /// names the other machines call each service by (allowed Host headers; locally only loopback is).
    /// </summary>
    public static void DescribeDeployment(
        this IDistributedApplicationBuilder builder,
        IEnumerable<IResourceBuilder<BuiltProgramResource>> services,
        IEnumerable<IResourceBuilder<BuiltProgramResource>> everyProject)
    {
        foreach (var service in services) service.WithEnvironment("Messaging__QuorumQueues", "true");
        var allowedHosts = builder.AddParameter("allowed-hosts");
        foreach (var project in everyProject) project.WithEnvironment("Security__AllowedHosts", allowedHosts);
    }
}
