namespace Codewalkers.Web.Api;

/// <summary>Everything the execution tab shows of one initiative, read together.</summary>
public sealed record ExecutionSnapshot(
    ExecutionInitiative Initiative, ExecutionTree Tree, IReadOnlyDictionary<string, string?> BlockedReasons,
    IReadOnlyList<ExecutionAgent> Agents, IReadOnlyList<ExecutionMerge> Merges)
{
    /// <summary>Phases in the order they can run: by dependency depth, then age.</summary>
    public IReadOnlyList<ExecutionTreePhase> PhasesInOrder()
    {
        var dependsOn = Tree.PhaseDependencies.ToLookup(d => d.From, d => d.To);
        var depth = new Dictionary<string, int>(StringComparer.Ordinal);
        return [.. Tree.Phases.OrderBy(p => Depth(p.Id, [])).ThenBy(p => p.CreatedAt)];

        int Depth(string id, HashSet<string> visiting)
        {
            if (depth.TryGetValue(id, out var known)) return known;
            // Planning refuses cycles; the guard only keeps a bad answer from looping forever.
            if (!visiting.Add(id)) return 0;
            var value = dependsOn[id].Select(d => Depth(d, visiting) + 1).DefaultIfEmpty(0).Max();
            return depth[id] = value;
        }
    }

    public IReadOnlyList<ExecutionTreeTask> TasksOf(string phaseId) =>
        [.. Tree.Tasks.Where(t => t.PhaseId == phaseId).OrderBy(t => t.Order).ThenBy(t => t.Name)];

    /// <summary>The task's latest agent: a retried task has had several.</summary>
    public ExecutionAgent? AgentOf(string taskId) =>
        Agents.Where(a => a.TaskId == taskId).MaxBy(a => a.CreatedAt);

    public string? BlockedReason(string id) => BlockedReasons.GetValueOrDefault(id);
}

public static class ExecutionReads
{
    public static async Task<ExecutionSnapshot> ReadAsync(GatewayApi api, string initiativeId,
        CancellationToken cancellationToken = default)
    {
        var id = initiativeId.ToString();
        var initiative = api.GetAsync<ExecutionInitiative>($"/api/initiatives/{id}", cancellationToken);
        var tree = api.GetAsync<ExecutionTree>($"/api/initiatives/{id}/tree", cancellationToken);
        // The tree carries statuses but not why something is blocked; only the blocked few are read for that.
        var blockedPhases = api.GetAsync<ExecutionPage<ExecutionBlockedItem>>(
            $"/api/phases?initiativeId={id}&status=blocked&take=500", cancellationToken);
        var blockedTasks = api.GetAsync<ExecutionPage<ExecutionBlockedItem>>(
            $"/api/tasks?initiativeId={id}&status=blocked&take=500", cancellationToken);
        var agents = api.GetAsync<IReadOnlyList<ExecutionAgent>>("/api/agents", cancellationToken);
        var merges = api.GetAsync<IReadOnlyList<ExecutionMerge>>($"/api/initiatives/{id}/merges", cancellationToken);
        await Task.WhenAll(initiative, tree, blockedPhases, blockedTasks, agents, merges);
        return new ExecutionSnapshot(
            initiative.Result, tree.Result,
            blockedPhases.Result.Items.Concat(blockedTasks.Result.Items)
                .ToDictionary(i => i.Id, i => i.BlockedReason, StringComparer.Ordinal),
            [.. agents.Result.Where(a => string.Equals(a.InitiativeId, id, StringComparison.OrdinalIgnoreCase))],
            merges.Result);
    }
}
