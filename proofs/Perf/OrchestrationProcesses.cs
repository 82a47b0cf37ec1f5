using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.Proofs;

/// <summary>
/// The running system's processes by the part they play, read from /proc: the orchestration (the four services, the
/// gateway, the web app and the broker with its Erlang helpers), the agents (everything below the Agents service:
/// the agent CLIs and the git they run) and the plumbing that runs around them in a local start (the AppHost, DCP and
/// the Aspire dashboard), which the issue leaves out of the orchestration's budget and the table shows apart.
/// </summary>
public sealed record OrchestrationProcesses(
    IReadOnlySet<int> Orchestration, IReadOnlySet<int> Agents, IReadOnlySet<int> Plumbing)
{
    public static OrchestrationProcesses Of(RunningSystem system)
    {
        var all = system.Processes();
        var programs = RunningSystem.Programs.Select(p => p.Program).ToHashSet(StringComparer.Ordinal);
        var services = all.Where(pid => programs.Contains(LinuxProcesses.ProgramOf(pid))).ToHashSet();
        var agentsService = services.Where(pid => LinuxProcesses.ProgramOf(pid) == "Codewalkers.Agents");
        var agents = LinuxProcesses.WithDescendants(agentsService).Except(services).ToHashSet();
        var brokerRoots = all.Where(pid => IsBroker(pid) && !agents.Contains(pid));
        var broker = LinuxProcesses.WithDescendants(brokerRoots);
        var orchestration = services.Union(broker).ToHashSet();
        var plumbing = all.Except(orchestration).Except(agents).ToHashSet();
        return new OrchestrationProcesses(orchestration, agents, plumbing);
    }

    /// <summary>rabbitmq-server (a shell script) and the Erlang VM it starts, or beam.smp itself.</summary>
    private static bool IsBroker(int pid)
    {
        try
        {
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline");
            return commandLine.Contains("rabbitmq-server", StringComparison.Ordinal)
                || LinuxProcesses.ProgramOf(pid) == "beam.smp";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return false; }
    }
}
