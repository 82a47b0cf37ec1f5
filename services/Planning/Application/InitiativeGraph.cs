using Codewalkers.Planning.Domain;
using Codewalkers.Planning.Infrastructure;
using Codewalkers.SharedKernel.Errors;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Planning.Application;

/// <summary>
/// Everything of one initiative, tracked: for operations that reach across it (cascading deletes, proposals,
/// reverts). Deletes cascade here, not in the database, so every deleted child publishes its own event and
/// every dependency it drops is recorded.
/// </summary>
public sealed class InitiativeGraph
{
    private readonly PlanningDbContext _db;
    private readonly DateTimeOffset _now;

    private InitiativeGraph(PlanningDbContext db, Initiative initiative, List<Page> pages, List<Phase> phases,
        List<PlanTask> tasks, DateTimeOffset now)
    {
        _db = db;
        _now = now;
        Initiative = initiative;
        Pages = pages.ToDictionary(p => p.Id, StringComparer.Ordinal);
        Phases = phases.ToDictionary(p => p.Id, StringComparer.Ordinal);
        Tasks = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
    }

    public Initiative Initiative { get; }
    public Dictionary<string, Page> Pages { get; }
    public Dictionary<string, Phase> Phases { get; }
    public Dictionary<string, PlanTask> Tasks { get; }
    public ChangeRecorder? Recorder { get; set; }

    public static async Task<InitiativeGraph> LoadAsync(PlanningDbContext db, string initiativeId, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        var initiative = await db.Initiatives.Include(i => i.Projects)
            .FirstOrDefaultAsync(i => i.Id == initiativeId, cancellationToken)
            ?? throw new NotFoundException("Initiative", initiativeId);
        var pages = await db.Pages.Where(p => p.InitiativeId == initiativeId).ToListAsync(cancellationToken);
        var phases = await db.Phases.Include(p => p.Dependencies).Where(p => p.InitiativeId == initiativeId)
            .ToListAsync(cancellationToken);
        var tasks = await db.Tasks.Include(t => t.Dependencies).Where(t => t.InitiativeId == initiativeId)
            .ToListAsync(cancellationToken);
        return new InitiativeGraph(db, initiative, pages, phases, tasks, now);
    }

    public Page RootPage => Pages.Values.First(p => p.IsRoot);

    public DependencyGraph PhaseGraph() => new(Phases.Values.SelectMany(p => p.DependsOn.Select(d => (p.Id, d))));

    public DependencyGraph TaskGraph() => new(Tasks.Values.SelectMany(t => t.DependsOn.Select(d => (t.Id, d))));

    public void AddPage(Page page)
    {
        Pages[page.Id] = page;
        _db.Pages.Add(page);
    }

    public void AddPhase(Phase phase)
    {
        Phases[phase.Id] = phase;
        _db.Phases.Add(phase);
    }

    public void AddTask(PlanTask task)
    {
        Tasks[task.Id] = task;
        _db.Tasks.Add(task);
    }

    /// <summary>Deletes the page and every page below it, children first; the siblings after it move up.</summary>
    public void DeletePage(Page page)
    {
        if (page.IsRoot) throw new ConflictException("The root page of an initiative is deleted only with the " +
            "initiative.", "Root page");
        var subtree = Page.Subtree(page.Id, Pages.Values.Select(p => (p.Id, p.ParentPageId)));
        foreach (var id in subtree.OrderByDescending(Depth))
        {
            var doomed = Pages[id];
            Recorder?.Deleting(doomed);
            Pages.Remove(id);
            _db.Pages.Remove(doomed);
            doomed.Delete(_now);
        }
        Page.Renumber(Siblings(page.ParentPageId), null, null, _now, Recorder is { } r ? r.Updating : null);
    }

    /// <summary>
    /// Adds a page the caller just created at <paramref name="position"/> among its siblings, shifting the ones after
    /// it.
    /// </summary>
    public List<Page> InsertPage(Page page, int? position)
    {
        var shifted = Page.Renumber(Siblings(page.ParentPageId), page, position, _now, Recorder is { } r ? r.Updating
            : null);
        AddPage(page);
        return shifted;
    }

    private IEnumerable<Page> Siblings(string? parentPageId)
        => Pages.Values.Where(p => p.ParentPageId == parentPageId && p.ParentPageId is not null);

    /// <summary>Deletes the phase with its tasks; phases that depended on it lose that dependency.</summary>
    public void DeletePhase(Phase phase)
    {
        foreach (var task in Tasks.Values.Where(t => t.PhaseId == phase.Id).ToList())
        {
            if (Tasks.ContainsKey(task.Id)) DeleteTask(task); // a subtask may have gone with its parent already
        }

        foreach (var dependent in Phases.Values.Where(p => p.DependsOn.Contains(phase.Id)).ToList())
        {
            Recorder?.Updating(dependent);
            dependent.ForgetDependency(phase.Id, _now);
            Recorder?.DependencyRemoved(ChangeSetEntry.PhaseDependency, dependent.Id, phase.Id);
        }
        foreach (var dependsOn in phase.DependsOn.ToList())
        {
            Recorder?.DependencyRemoved(ChangeSetEntry.PhaseDependency, phase.Id, dependsOn);
        }
        Recorder?.Deleting(phase);
        Phases.Remove(phase.Id);
        _db.Phases.Remove(phase);
        phase.Delete(_now);
    }

    /// <summary>Deletes the task with its subtasks; tasks that depended on any of them lose that dependency.</summary>
    public void DeleteTask(PlanTask task)
    {
        foreach (var child in Tasks.Values.Where(t => t.ParentTaskId == task.Id).ToList()) DeleteTask(child);

        foreach (var dependent in Tasks.Values.Where(t => t.Id != task.Id && t.DependsOn.Contains(task.Id)).ToList())
        {
            Recorder?.Updating(dependent);
            dependent.ForgetDependency(task.Id, _now);
            Recorder?.DependencyRemoved(ChangeSetEntry.TaskDependency, dependent.Id, task.Id);
        }
        foreach (var dependsOn in task.DependsOn.ToList())
        {
            Recorder?.DependencyRemoved(ChangeSetEntry.TaskDependency, task.Id, dependsOn);
        }
        Recorder?.Deleting(task);
        Tasks.Remove(task.Id);
        _db.Tasks.Remove(task);
        task.Delete(_now);
    }

    /// <summary>Deletes the initiative and everything under it, publishing a delete for each child.</summary>
    public void DeleteAll()
    {
        foreach (var task in Tasks.Values.ToList())
        {
            _db.Tasks.Remove(task);
            task.Delete(_now);
        }
        foreach (var phase in Phases.Values.ToList())
        {
            _db.Phases.Remove(phase);
            phase.Delete(_now);
        }
        foreach (var page in Pages.Values.OrderByDescending(p => Depth(p.Id)).ToList())
        {
            _db.Pages.Remove(page);
            page.Delete(_now);
        }
        _db.Initiatives.Remove(Initiative);
        Initiative.Delete(_now);
    }

    private int Depth(string pageId)
    {
        var depth = 0;
        for (var parent = Pages[pageId].ParentPageId; parent is not null
            && Pages.TryGetValue(parent, out var p); parent = p.ParentPageId) depth++;
        return depth;
    }
}
