using System.Text;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Runners;
using Codewalkers.Agents.Workspace;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Supervision;

/// <summary>
/// Builds the supervisor's view of an agent's session (<see cref="AgentRun"/>), new or from the database.
/// </summary>
public sealed class RunLoader(
    IDbContextFactory<AgentsDbContext> databases, ProviderCatalog providers, AgentFiles files,
    IOptions<AgentsOptions> options, ThisRunner runner)
{
    /// <summary>
    /// The agents of this runner the database says are running (not those waiting for an account): to re-attach at
    /// start. Another runner's agents are its own to watch, even when their processes are on this machine.
    /// </summary>
    public async Task<List<string>> RunningAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.Agents.AsNoTracking()
            .Where(a => a.RunnerId == runner.Id && a.Status == AgentStatus.Running && a.WaitingForAccountUntil == null)
            .Select(a => a.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The agent's current session, or null when it is not running (any more).</summary>
    internal async Task<AgentRun?> LoadAsync(string agentId, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var agent = await db.Agents.AsNoTracking().FirstOrDefaultAsync(a => a.Id == agentId, cancellationToken);
        if (agent is null || agent.Status != AgentStatus.Running || agent.IsWaitingForAccount) return null;
        var run = Create(agent, agent.SessionNumber, agent.Pid, agent.RunStartedAt ?? agent.UpdatedAt);
        // What this session printed before a restart is already stored: replay it so the outcome sees the whole
        // session.
        var earlier = await db.LogChunks.AsNoTracking()
            .Where(c => c.AgentId == agentId && c.SessionNumber == agent.SessionNumber)
            .OrderBy(c => c.StartOffset).Select(c => c.Content).ToListAsync(cancellationToken);
        foreach (var content in earlier) run.Observe(Encoding.UTF8.GetBytes(content));
        return run;
    }

    internal AgentRun Create(Agent agent, int session, int? pid, DateTimeOffset startedAt)
    {
        var paths = files.PathsFor(agent.Name);
        return new AgentRun(agent.Id, agent.Name, session, pid, paths, providers.Get(agent.Provider),
            new OutputTailer(paths.OutputFile, agent.OutputOffset, options.Value.MaxChunkBytes), startedAt);
    }
}
