using Codewalkers.AppHost.Broker;
using Codewalkers.AppHost.Database;
using Codewalkers.AppHost.Programs;
using Microsoft.Extensions.Configuration;

namespace Codewalkers.AppHost;

/// <summary>
/// The Agents service as <c>Agents:Replicas</c> runners (default 1) on one machine: <c>agents</c> (the single-runner
/// setup, unchanged), then <c>agents-2</c>, <c>agents-3</c>, ... each with its runner id, its own port and workspace
/// (<c>$CW_HOME/runners/&lt;id&gt;/workspace</c>), the one Agents database, and, when there are several, the shared git
/// remote <c>$CW_HOME/remotes</c> through which their branches move (docs/agents.md, "Several runners").
/// </summary>
internal static class AgentRunners
{
    public const string ReplicasKey = "Agents:Replicas";
    public const int MaxReplicas = 16;

    /// <summary>
    /// The runners, <c>agents</c> first: the gateway's and the other services' address of the service (any runner
    /// answers reads from the shared database, and passes stop, answers and messages on to the agent's owner).
    /// </summary>
    public static IReadOnlyList<IResourceBuilder<BuiltProgramResource>> AddAgentRunners(
        this IDistributedApplicationBuilder builder, string cwHome, MessageBroker broker, ServiceDatabases databases)
    {
        // A deployment describes one runner: runners on other machines are set up there (docs/deploy.md).
        var replicas = builder.ExecutionContext.IsPublishMode ? 1 : Replicas(builder.Configuration);
        var runners = new List<IResourceBuilder<BuiltProgramResource>>();
        for (var number = 1; number <= replicas; number++)
        {
            var name = number == 1 ? "agents" : $"agents-{number}";
            var runner = builder.AddService<Projects.Agents>(name, cwHome, broker);
            databases.Attach(runner, "agents");
            if (number > 1) runner.WithEnvironment("Agents__RunnerId", name);
            if (replicas > 1) runner.WithEnvironment("Agents__SharedRemote", Path.Combine(cwHome, "remotes"));
            runners.Add(runner);
        }
        return runners;
    }

    private static int Replicas(IConfiguration configuration)
    {
        var setting = configuration[ReplicasKey];
        if (string.IsNullOrWhiteSpace(setting)) return 1;
        return int.TryParse(setting, out var replicas) && replicas is >= 1 and <= MaxReplicas
            ? replicas
            : throw new InvalidOperationException(
                $"{ReplicasKey} is '{setting}': it must be a whole number from 1 to {MaxReplicas}.");
    }
}
