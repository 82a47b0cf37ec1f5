using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Application;

/// <summary>
/// Puts back the state before a change set: undoes its entries newest first (deleted entities and dependencies are
/// recreated from their snapshots, updates restored, creations removed). It first checks that every entity is still
/// exactly as the change set left it; if a later change touched one, reverting would overwrite that change, so it
/// refuses with a 409 naming what changed and writes nothing. The proposals it applied return to pending (a chat
/// turn's: dismissed).
/// </summary>
public sealed class ChangeSetReverter(PlanningDbContext db, TimeProvider clock)
{
    public async Task<ChangeSet> RevertAsync(string changeSetId, CancellationToken cancellationToken)
    {
        var changeSet = await db.ChangeSets.Include(c => c.Entries)
            .FirstOrDefaultAsync(c => c.Id == changeSetId, cancellationToken)
            ?? throw new NotFoundException("Change set", changeSetId);
        if (changeSet.IsReverted) throw new ConflictException($"Change set '{changeSetId}' was already reverted.",
            "Already reverted");

        var now = clock.GetUtcNow();
        var graph = await InitiativeGraph.LoadAsync(db, changeSet.InitiativeId, now, cancellationToken);
        var entries = changeSet.Entries.OrderBy(e => e.Sequence).ToList();

        var problems = FindConflicts(graph, entries);
        if (problems.Count > 0)
            throw new ConflictException(
                $"Reverting change set '{changeSetId}' would overwrite later changes: " +
                    $"{string.Join(" ", problems.Take(5))}",
                "Change set is stale");

        foreach (var entry in Enumerable.Reverse(entries)) Undo(graph, entry, now);
        // The proposals it applied are no longer applied: back to the review queue rather than "accepted" with nothing
        // to show for it.
        var proposals = await db.Proposals.Where(p => p.InitiativeId == changeSet.InitiativeId
            && p.ChangeSetId == changeSet.Id).ToListAsync(cancellationToken);
        foreach (var proposal in proposals)
        {
            proposal.ReturnToPending(now);
            // A chat turn's proposals were never for review: reverting the turn is the user's "no" to them.
            if (changeSet.Source == ProposalApplier.ChatSource) proposal.Dismiss(now);
        }
        changeSet.MarkReverted(now);
        return changeSet;
    }

    /// <summary>What changed since the change set, one sentence each; empty when the revert is safe.</summary>
    internal static List<string> FindConflicts(InitiativeGraph graph, IReadOnlyList<ChangeSetEntry> entries)
    {
        var problems = new List<string>();
        var inSet = entries.Select(e => (e.EntityType, e.EntityId)).ToHashSet();
        foreach (var entry in entries)
        {
            switch (entry.EntityType)
            {
                case ChangeSetEntry.PhaseDependency or ChangeSetEntry.TaskDependency:
                    var dep = ChangeRecorder.Deserialize<DependencySnapshot>((entry.After ?? entry.Before)!);
                    var exists = entry.EntityType == ChangeSetEntry.PhaseDependency
                        ? graph.Phases.TryGetValue(dep.From, out var ph) && ph.DependsOn.Contains(dep.To)
                        : graph.Tasks.TryGetValue(dep.From, out var tk) && tk.DependsOn.Contains(dep.To);
                    if (entry.Action == ChangeAction.Create
                        && !exists) problems.Add($"The dependency {dep.From} -> {dep.To} was removed since.");
                    if (entry.Action == ChangeAction.Delete
                        && exists) problems.Add($"The dependency {dep.From} -> {dep.To} was added again since.");
                    break;
                default:
                    var (current, name) = Current(graph, entry.EntityType, entry.EntityId);
                    if (entry.Action == ChangeAction.Delete)
                    {
                        if (current is not null) problems.Add($"The {entry.EntityType} '{name}' ({entry.EntityId}) " +
                            "exists again.");
                        continue;
                    }
                    var afterVersion = System.Text.Json.JsonDocument.Parse(entry.After!).RootElement
                        .GetProperty("version").GetInt64();
                    if (current is null) problems.Add($"The {entry.EntityType} {entry.EntityId} was deleted since.");
                    else if (current != afterVersion && !SameContent(graph, entry))
                        problems.Add($"The {entry.EntityType} '{name}' ({entry.EntityId}) changed since (version " +
                            $"{current}, the change set left {afterVersion}).");
                    else if (entry.Action == ChangeAction.Create)
                        problems.AddRange(LaterDependents(graph, entry, inSet));
                    break;
            }
        }
        return problems;
    }

    /// <summary>Removing an entity the change set created must not take along anything added after it.</summary>
    private static IEnumerable<string> LaterDependents(InitiativeGraph graph, ChangeSetEntry entry,
        HashSet<(string, string)> inSet)
    {
        var id = entry.EntityId;
        switch (entry.EntityType)
        {
            case ChangeSetEntry.Page:
                foreach (var child in graph.Pages.Values.Where(p => p.ParentPageId == id
                    && !inSet.Contains((ChangeSetEntry.Page, p.Id))))
                    yield return $"Page '{child.Title}' ({child.Id}) was added under page {id} since.";
                break;
            case ChangeSetEntry.Phase:
                foreach (var task in graph.Tasks.Values.Where(t => t.PhaseId == id
                    && !inSet.Contains((ChangeSetEntry.Task, t.Id))))
                    yield return $"Task '{task.Name}' ({task.Id}) was added to phase {id} since.";
                foreach (var phase in graph.Phases.Values.Where(p => p.DependsOn.Contains(id)
                    && !inSet.Contains((ChangeSetEntry.PhaseDependency, ChangeRecorder.DependencyId(p.Id, id)))))
                    yield return $"Phase '{phase.Name}' ({phase.Id}) depends on phase {id} since.";
                break;
            case ChangeSetEntry.Task:
                foreach (var task in graph.Tasks.Values.Where(t => t.ParentTaskId == id
                    && !inSet.Contains((ChangeSetEntry.Task, t.Id))))
                    yield return $"Task '{task.Name}' ({task.Id}) was added under task {id} since.";
                foreach (var task in graph.Tasks.Values.Where(t => t.DependsOn.Contains(id)
                    && !inSet.Contains((ChangeSetEntry.TaskDependency, ChangeRecorder.DependencyId(t.Id, id)))))
                    yield return $"Task '{task.Name}' ({task.Id}) depends on task {id} since.";
                break;
        }
    }

    /// <summary>
    /// The entity holds what the change set left, though its version moved on: a later change set touched it and was
    /// itself reverted (versions only grow, so an undo never gives the old number back). Reverting this one then
    /// overwrites nothing.
    /// </summary>
    private static bool SameContent(InitiativeGraph graph, ChangeSetEntry entry) => entry.EntityType switch
    {
        ChangeSetEntry.Page => Neutral(graph.Pages[entry.EntityId].Snapshot())
            == Neutral(ChangeRecorder.Deserialize<PageSnapshot>(entry.After!)),
        ChangeSetEntry.Phase => Neutral(graph.Phases[entry.EntityId].Snapshot())
            == Neutral(ChangeRecorder.Deserialize<PhaseSnapshot>(entry.After!)),
        _ => Neutral(graph.Tasks[entry.EntityId].Snapshot())
            == Neutral(ChangeRecorder.Deserialize<TaskSnapshot>(entry.After!)),
    };

    private static PageSnapshot Neutral(PageSnapshot s) =>
        s with { CreatedAt = default, UpdatedAt = default, Version = 0 };

    private static PhaseSnapshot Neutral(PhaseSnapshot s) =>
        s with { CreatedAt = default, UpdatedAt = default, Version = 0 };

    private static TaskSnapshot Neutral(TaskSnapshot s) =>
        s with { CreatedAt = default, UpdatedAt = default, Version = 0 };

    private static (long? Version, string? Name) Current(InitiativeGraph graph, string type, string id) => type switch
    {
        ChangeSetEntry.Page => graph.Pages.TryGetValue(id, out var p) ? (p.Version, p.Title) : (null, null),
        ChangeSetEntry.Phase => graph.Phases.TryGetValue(id, out var p) ? (p.Version, p.Name) : (null, null),
        _ => graph.Tasks.TryGetValue(id, out var t) ? (t.Version, t.Name) : (null, null),
    };

    private static void Undo(InitiativeGraph graph, ChangeSetEntry entry, DateTimeOffset now)
    {
        switch (entry.EntityType, entry.Action)
        {
            case (ChangeSetEntry.PhaseDependency, _):
                var pd = ChangeRecorder.Deserialize<DependencySnapshot>((entry.After ?? entry.Before)!);
                var phase = Required(graph.Phases, pd.From, "phase");
                if (entry.Action == ChangeAction.Create) phase.RemoveDependency(pd.To, now);
                else phase.DependOn(Required(graph.Phases, pd.To, "phase"), graph.PhaseGraph(), now);
                break;
            case (ChangeSetEntry.TaskDependency, _):
                var td = ChangeRecorder.Deserialize<DependencySnapshot>((entry.After ?? entry.Before)!);
                var task = Required(graph.Tasks, td.From, "task");
                if (entry.Action == ChangeAction.Create) task.RemoveDependency(td.To, now);
                else task.DependOn(Required(graph.Tasks, td.To, "task"), graph.TaskGraph(), now);
                break;
            case (_, ChangeAction.Create):
                if (entry.EntityType == ChangeSetEntry.Page) graph.DeletePage(graph.Pages[entry.EntityId]);
                else if (entry.EntityType == ChangeSetEntry.Phase) graph.DeletePhase(graph.Phases[entry.EntityId]);
                else graph.DeleteTask(graph.Tasks[entry.EntityId]);
                break;
            case (_, ChangeAction.Update):
                if (entry.EntityType == ChangeSetEntry.Page) graph.Pages[entry.EntityId]
                    .Restore(ChangeRecorder.Deserialize<PageSnapshot>(entry.Before!), now);
                else if (entry.EntityType == ChangeSetEntry.Phase) graph.Phases[entry.EntityId]
                    .Restore(ChangeRecorder.Deserialize<PhaseSnapshot>(entry.Before!), now);
                else graph.Tasks[entry.EntityId].Restore(ChangeRecorder.Deserialize<TaskSnapshot>(entry.Before!), now);
                break;
            case (_, ChangeAction.Delete):
                if (entry.EntityType == ChangeSetEntry.Page)
                {
                    var s = ChangeRecorder.Deserialize<PageSnapshot>(entry.Before!);
                    if (s.ParentPageId is not null) Required(graph.Pages, s.ParentPageId, "page");
                    graph.AddPage(Page.FromSnapshot(s, now));
                }
                else if (entry.EntityType == ChangeSetEntry.Phase)
                {
                    graph.AddPhase(Phase.FromSnapshot(ChangeRecorder.Deserialize<PhaseSnapshot>(entry.Before!), now));
                }
                else
                {
                    var s = ChangeRecorder.Deserialize<TaskSnapshot>(entry.Before!);
                    if (s.PhaseId is not null) Required(graph.Phases, s.PhaseId, "phase");
                    if (s.ParentTaskId is not null) Required(graph.Tasks, s.ParentTaskId, "task");
                    graph.AddTask(PlanTask.FromSnapshot(s, now));
                }
                break;
        }
    }

    private static T Required<T>(Dictionary<string, T> entities, string id, string kind) =>
        entities.TryGetValue(id, out var entity)
            ? entity
            : throw new ConflictException($"Cannot restore: the {kind} {id} it belonged to or depended on was " +
                "deleted since.", "Change set is stale");
}
