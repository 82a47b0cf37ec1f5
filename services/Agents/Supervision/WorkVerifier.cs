using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// "Verified done": when an execution agent signals done and a project it works in has a verify command, the command
/// runs in that worktree before the done is accepted (<see cref="RunDecisions"/> decides with the results). It runs
/// outside the agent's lock, so a stop is not held up by a long test suite; the agent shows
/// <c>statusReason: verifying</c> meanwhile. A service that dies mid-check leaves the agent running with its exit file
/// written: the restarted supervisor finishes the session again, and the check is run again from the start.
/// An agent spawned with its initiative's verify command (<see cref="Agent.VerifyCommandOverride"/>) runs that one in
/// every project it works in instead of the projects' own, with each project's time limit.
/// </summary>
public sealed partial class WorkVerifier(
    IDbContextFactory<AgentsDbContext> databases, AgentLocks locks, VerifyCommandRunner runner,
    IOptions<AgentsOptions> options, TimeProvider clock, ILogger<WorkVerifier> logger)
{
    private sealed record Check(string ProjectName, string Worktree, string Command, int TimeoutSeconds);

    /// <summary>
    /// The checks of the session's done signal, in project order up to the first failure; empty when none is due (no
    /// done signal, not an execution agent, no verify command, or a done that will not be accepted as it is).
    /// </summary>
    internal async Task<IReadOnlyList<VerificationRun>> VerifyIfDueAsync(AgentRun run,
        CancellationToken cancellationToken)
    {
        if (SignalFile.Read(run.Paths) is not { Status: SignalOutcomes.Done }) return [];
        var (checks, portBase) = await locks.WithLockAsync(run.AgentId, () => DueChecksAsync(run, cancellationToken));
        var results = new List<VerificationRun>();
        foreach (var check in checks)
        {
            var result = await RunAsync(run, check, portBase, cancellationToken);
            results.Add(result);
            if (!result.Passed) break;
        }
        return results;
    }

    private async Task<(IReadOnlyList<Check>, int?)> DueChecksAsync(AgentRun run, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var agent = await db.Agents.FindAsync([run.AgentId], cancellationToken);
        if (agent is not { Status: AgentStatus.Running, Mode: AgentModes.Execute, ErrandId: null }
            || agent.SessionNumber != run.Session) return ([], null);
        if (SignalFile.MissingOutputs(run.Paths, agent.RequiredOutputList).Count > 0) return ([], null);
        var worktrees = AgentWorktrees.Of(run.Paths);
        var names = worktrees.Select(Path.GetFileName).ToList();
        var overrideCommand = agent.VerifyCommandOverride;
        var projects = await db.Projects.AsNoTracking()
            .Where(p => !p.IsDeleted && (overrideCommand != null || p.VerifyCommand != null) && names.Contains(p.Name))
            .ToListAsync(cancellationToken);
        if (projects.Count == 0) return ([], null);
        // A dirty worktree is first asked to commit (RunDecisions): the check runs on the work as it will be kept.
        if (!agent.CommitRequested && (await AgentWorktrees.ReadStatesAsync(run.Paths)).Dirty.Count > 0)
            return ([], null);
        var checks = projects.OrderBy(p => p.Name, StringComparer.Ordinal)
            .Select(p => new Check(p.Name, Path.Combine(run.Paths.Root, p.Name), overrideCommand ?? p.VerifyCommand!,
                p.VerifyTimeoutSeconds))
            .ToList();
        agent.MarkVerifying(clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        return (checks, agent.PortBase);
    }

    private async Task<VerificationRun> RunAsync(AgentRun run, Check check, int? portBase,
        CancellationToken cancellationToken)
    {
        LogVerifying(run.Name, check.ProjectName, check.Command);
        var environment = new Dictionary<string, string> { ["CW_AGENT_NAME"] = run.Name };
        if (portBase is { } ports) environment["CW_PORT_BASE"] = ports.ToString();
        foreach (var (key, value) in options.Value.Environment) environment[key] = value;
        var logFile = Path.Combine(run.Paths.Logs, $"verify.{run.Session}.{check.ProjectName}.log");
        var result = await runner.RunAsync(check.Command, check.Worktree, logFile,
            TimeSpan.FromSeconds(check.TimeoutSeconds), environment, options.Value.VerifyOutputTailBytes,
            cancellationToken);
        LogVerified(run.Name, check.ProjectName, result.ExitCode, result.TimedOut, result.DurationMs);
        return VerificationRun.Create(run.AgentId, run.Session, check.ProjectName, check.Command, result.ExitCode,
            result.TimedOut, result.DurationMs, result.OutputTail, clock.GetUtcNow());
    }

    [LoggerMessage(LogLevel.Information, "Agent {Name} signalled done: verifying {Project} with {Command}")]
    private partial void LogVerifying(string name, string project, string command);

    [LoggerMessage(LogLevel.Information,
        "Agent {Name}: verification of {Project} exited {ExitCode} (timed out: {TimedOut}) in {DurationMs} ms")]
    private partial void LogVerified(string name, string project, int? exitCode, bool timedOut, long durationMs);
}
