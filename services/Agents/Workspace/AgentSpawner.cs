using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Infrastructure;
using Codewalkers.Agents.Merges;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Runners;
using Codewalkers.Agents.Supervision;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Workspace;

/// <summary>
/// Turns a SpawnAgent (from the queue or POST /api/agents) into an idle agent with its workspace ready: a unique name
/// (its directory), the input files, the prompt, the worktrees. The supervisor launches it once the record is
/// committed. A repeated RequestId returns the first agent. A spawn whose branches must contain
/// merges still under way (AfterMerges) waits for them first.
/// </summary>
public sealed class AgentSpawner(
    ProviderCatalog providers, AgentFiles files, AgentWorktrees worktrees, MergeWaiter merges, ThisRunner runner,
    TimeProvider clock)
{
    // Spawns prepare their workspaces side by side (outside any database transaction): a name is taken by creating its
    // directory under this lock, so two spawns can never pick the same one.
    private static readonly SemaphoreSlim NameLock = new(1, 1);

    public async Task<(Agent Agent, bool Created)> CreateAsync(
        AgentsDbContext db, SpawnAgent command, CancellationToken cancellationToken)
    {
        var existing = await db.Agents.FirstOrDefaultAsync(a => a.RequestId == command.RequestId, cancellationToken)
            ?? db.Agents.Local.FirstOrDefault(a => a.RequestId == command.RequestId);
        if (existing is not null) return (existing, false);

        Validate(command);
        var provider = providers.Get(command.Provider);
        provider.EnsureInstalled();
        string name;
        await NameLock.WaitAsync(cancellationToken);
        try
        {
            name = await UniqueNameAsync(db, cancellationToken);
            Directory.CreateDirectory(files.PathsFor(name).Root);
        }
        finally
        {
            NameLock.Release();
        }
        var id = Ids.New();
        var paths = await PrepareWorkspaceAsync(db, id, name, command, cancellationToken);
        var prompt = AgentFiles.Substitute(Prompts.WithSignalFormat(command.Prompt, command.RequiredOutputs), id, name);
        // The workspace is complete when the spawn is answered (a caller may read it at once); the launcher writes the
        // prompt of every session again, since a resume or retry brings its own.
        AgentFiles.WritePrompt(paths, prompt);
        var agent = Agent.Create(id, name, command.RequestId, command.Mode, provider.Name,
            new AgentContext(command.TaskId, command.PhaseId, command.InitiativeId, command.ErrandId),
            paths.Root, prompt, command.RequiredOutputs, clock.GetUtcNow());
        // This runner made its workspace, so this runner launches and watches it.
        agent.BelongTo(runner.Id);
        db.Agents.Add(agent);
        db.AgentProjects.AddRange(command.Projects.Select(p => p.ProjectId).Distinct()
            .Select(projectId => AgentProject.Create(id, projectId)));
        return (agent, true);
    }

    /// <summary>Creates the agent directory, its input files and manifest, and its worktrees.</summary>
    /// <remarks>
    /// The input files come first: they need nothing from git, so they are written while the spawn waits for the
    /// merges its branches must start from; an assignment can carry a hundred context files.
    /// </remarks>
    private async Task<AgentPaths> PrepareWorkspaceAsync(
        AgentsDbContext db, string id, string name, SpawnAgent command, CancellationToken cancellationToken)
    {
        var projectIds = command.Projects.Select(p => p.ProjectId).ToList();
        var known = await db.Projects.Where(p => projectIds.Contains(p.Id) && !p.IsDeleted)
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var paths = files.PathsFor(name);
        Directory.CreateDirectory(paths.Input);
        Directory.CreateDirectory(paths.Output);
        Directory.CreateDirectory(paths.Logs);
        try
        {
            // Both end before going on (or discarding the directory the writing may still fill).
            await Task.WhenAll(
                Task.Run(() => AgentFiles.WriteInputs(paths, id, name, command.InputFiles), cancellationToken),
                WaitForMergesAsync(db, command.AfterMerges, cancellationToken));
            await worktrees.CreateAsync(paths, command.Mode,
                [.. command.Projects.Select(p => (p, known.GetValueOrDefault(p.ProjectId)))],
                agentName => HasEndedAsync(db, agentName, cancellationToken), cancellationToken);
        }
        catch
        {
            // An agent that cannot start leaves no directory or worktree behind (its name becomes free again).
            await worktrees.DiscardAsync(paths, id);
            throw;
        }
        return paths;
    }

    /// <summary>
    /// Whether the agent named <paramref name="name"/> has ended (crashed, stopped, or is not known at all): the
    /// worktree it
    /// left on a branch a new agent needs (a task's retry after a crash) may be taken over. One idle, running or
    /// waiting
    /// for answers still works in it.
    /// </summary>
    private static async Task<bool> HasEndedAsync(AgentsDbContext db, string name,
        CancellationToken cancellationToken) =>
        await db.Agents.AsNoTracking().Where(a => a.Name == name).Select(a => (AgentStatus?)a.Status)
            .FirstOrDefaultAsync(cancellationToken) is null or AgentStatus.Crashed or AgentStatus.Stopped;

    /// <summary>
    /// The merges the agent's branches must start from (AfterMerges) have merged, or the spawn is refused.
    /// </summary>
    private async Task WaitForMergesAsync(AgentsDbContext db, IReadOnlyList<string>? afterMerges,
        CancellationToken cancellationToken)
    {
        if (afterMerges is { Count: > 0 }
            && await merges.WaitAsync(db, afterMerges, cancellationToken) is { } notMerged)
            throw new MergeNotLandedException(notMerged);
    }

    public static void Validate(SpawnAgent command)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(command.RequestId) || command.RequestId.Length > 200)
            errors["requestId"] = ["A request id of 1 to 200 characters is required."];
        if (!AgentModes.All.Contains(command.Mode))
            errors["mode"] = [$"Mode must be one of: {string.Join(", ", AgentModes.All)}."];
        if (string.IsNullOrWhiteSpace(command.Prompt)) errors["prompt"] = ["A prompt is required."];
        if (command.Projects is null || command.InputFiles is null || command.RequiredOutputs is null)
            errors["body"] = ["projects, inputFiles and requiredOutputs must be arrays (they may be empty)."];
        else
        {
            if (command.Projects.Any(p => string.IsNullOrWhiteSpace(p.ProjectId) || string.IsNullOrWhiteSpace(p.Branch)
                    || string.IsNullOrWhiteSpace(p.BaseBranch)))
                errors["projects"] = ["Every project needs projectId, branch and baseBranch."];
            foreach (var file in command.InputFiles)
            {
                try { AgentFiles.ValidateInputPath(file.Path); }
                catch (ValidationException ex) { errors["inputFiles"] = [ex.Message]; }
            }
            if (command.RequiredOutputs.Any(p =>
                    string.IsNullOrWhiteSpace(p) || Path.IsPathRooted(p) || p.Contains("..", StringComparison.Ordinal)))
                errors["requiredOutputs"] = ["Required outputs are relative paths under .cw/output/ without '..'."];
        }
        if (errors.Count > 0) throw new ValidationException(errors);
    }

    private async Task<string> UniqueNameAsync(AgentsDbContext db, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var name = AgentNames.Next(attempt);
            // A directory left behind (a delete that could not remove it) keeps its name taken: no agent inherits
            // old files.
            if (!await db.Agents.AnyAsync(a => a.Name == name, cancellationToken)
                && !db.Agents.Local.Any(a => a.Name == name)
                && !Directory.Exists(files.PathsFor(name).Root)) return name;
        }
    }
}
