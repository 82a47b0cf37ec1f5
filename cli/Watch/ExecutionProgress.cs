namespace Codewalkers.Cli.Watch;

/// <summary>Execution tasks by where they are: completed, with an agent, not started, blocked.</summary>
public sealed record TaskCounts(int Done, int Running, int Waiting, int Blocked)
{
    public static readonly TaskCounts None = new(0, 0, 0, 0);

    public int Total => Done + Running + Waiting + Blocked;

    public static TaskCounts Of(IEnumerable<PlanTask> tasks)
    {
        int done = 0, running = 0, waiting = 0, blocked = 0;
        foreach (var task in tasks)
        {
            switch (task.Status)
            {
                case "completed": done++; break;
                case "in_progress" or "quality_review": running++; break;
                case "blocked": blocked++; break;
                default: waiting++; break;
            }
        }
        return new(done, running, waiting, blocked);
    }
}

/// <summary>One phase's execution tasks.</summary>
public sealed record PhaseProgress(string Id, string Name, string Status, TaskCounts Tasks);

/// <summary>Where an execution stands, as the watch reports it.</summary>
public enum WatchState
{
    /// <summary>Agents work, or the system will start or merge something by itself.</summary>
    Running,

    /// <summary>The initiative waits for your review (cw initiative approve).</summary>
    InReview,

    Completed,

    /// <summary>Nothing else can run: phases wait for your review (cw phase review approve).</summary>
    PhaseReview,

    /// <summary>Nothing else can run: tasks or phases are blocked, or phases are not approved.</summary>
    Blocked,

    /// <summary>The initiative was archived while being watched.</summary>
    Archived,
}

/// <summary>Something only you can move on: a blocked task or phase, a phase not approved, a phase in review.</summary>
public sealed record Hold(string Kind, string Id, string Name, string Status, string? Reason = null);

/// <summary>
/// The counting and the state decision of `cw initiative execute --watch`, from one read of the plan (no rendering
/// here): execution tasks per phase and in total, and whether the system can still move on by itself.
/// </summary>
public sealed record ExecutionProgress(
    string InitiativeId, string Name, string InitiativeStatus, IReadOnlyList<PhaseProgress> Phases,
    TaskCounts Total, int PhasesDone, WatchState State, IReadOnlyList<Hold> Holds)
{
    public static ExecutionProgress Of(Plan plan)
    {
        var work = plan.Tasks.Where(t => t.IsExecution).ToList();
        var phases = plan.Phases.Select(p => new PhaseProgress(p.Id, p.Name, p.Status,
            TaskCounts.Of(work.Where(t => t.PhaseId == p.Id)))).ToList();
        var progress = new ExecutionProgress(plan.InitiativeId, plan.Name, plan.Status, phases, TaskCounts.Of(work),
            plan.Phases.Count(p => p.Status == "completed"), WatchState.Running, []);
        switch (plan.Status)
        {
            case "pending_review": return progress with { State = WatchState.InReview };
            case "completed": return progress with { State = WatchState.Completed };
            case "archived": return progress with { State = WatchState.Archived };
        }
        if (new Reachability(plan, work).CanMoveOn) return progress;
        var holds = HoldsOf(plan, work);
        if (holds.Count == 0) return progress; // all done: the system submits the initiative for review next
        return progress with
        {
            State = holds.All(h => h.Status == "pending_review") ? WatchState.PhaseReview : WatchState.Blocked,
            Holds = holds,
        };
    }

    /// <summary>
    /// A compact key of what a person sees change: a new line (or JSON object) is written when it does.
    /// </summary>
    public string ChangeKey => $"{InitiativeStatus}|{State}|{Total}|{PhasesDone}|" +
        string.Join(",", Phases.Select(p => p.Status));

    private static List<Hold> HoldsOf(Plan plan, List<PlanTask> work) =>
    [
        .. plan.Phases.Where(p => p.Status is "blocked" or "pending" or "pending_review")
            .Select(p => new Hold("phase", p.Id, p.Name, p.Status, p.Status switch
            {
                "pending" => "not approved",
                "pending_review" => "waits for your review",
                _ => null,
            })),
        .. work.Where(t => t.Status == "blocked").Select(t => new Hold("task", t.Id, t.Name, t.Status)),
    ];

    /// <summary>
    /// Whether execution can still move without you: an agent works, a task can still start (its phase runs or will,
    /// and nothing it waits for is stuck), or a phase can still start, finish or be merged by the system.
    /// </summary>
    private sealed class Reachability(Plan plan, List<PlanTask> work)
    {
        private readonly Dictionary<string, PlanPhase> _phases =
            plan.Phases.ToDictionary(p => p.Id, StringComparer.Ordinal);
        private readonly Dictionary<string, PlanTask> _tasks =
            plan.Tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        private readonly ILookup<string, PlanTask> _work = work.ToLookup(t => t.PhaseId!, StringComparer.Ordinal);
        private readonly Dictionary<string, bool> _phaseFinishes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, bool> _taskFinishes = new(StringComparer.Ordinal);

        public bool CanMoveOn =>
            work.Any(t => t.Status is "in_progress" or "quality_review")
            || work.Any(t => t.Status == "pending" && TaskFinishes(t.Id))
            || plan.Phases.Any(p => p.Status is "approved" or "in_progress" && PhaseFinishes(p.Id));

        /// <summary>The system can complete the phase: it runs or may start, and all its work can finish.</summary>
        private bool PhaseFinishes(string id) => Memo(_phaseFinishes, id, () =>
            _phases.GetValueOrDefault(id) is { } phase
            && (phase.Status == "completed"
                || (PhaseRuns(phase) && _work[id].All(t => TaskFinishes(t.Id)))));

        private bool PhaseRuns(PlanPhase phase) =>
            phase.Status == "in_progress" || (phase.Status == "approved" && phase.DependsOn.All(PhaseFinishes));

        private bool TaskFinishes(string id) => Memo(_taskFinishes, id, () =>
            _tasks.GetValueOrDefault(id) is { } task
            && task.Status switch
            {
                "completed" or "in_progress" or "quality_review" => true,
                "pending" => task.DependsOn.All(TaskFinishes) && task.PhaseId is { } phaseId
                    && _phases.GetValueOrDefault(phaseId) is { } phase && PhaseRuns(phase),
                _ => false,
            });

        // A dependency cycle (the API refuses them) reads as "cannot finish" instead of recursing forever.
        private static bool Memo(Dictionary<string, bool> known, string id, Func<bool> compute)
        {
            if (known.TryGetValue(id, out var value)) return value;
            known[id] = false;
            return known[id] = compute();
        }
    }
}
