using System.Diagnostics;
using System.Globalization;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// scripts/prove.sh faults: while an initiative executes (real Claude CLI agents scripted by the fake Messages API, each
/// mid-run until the suite releases it), each service, the gateway and the broker is killed with SIGKILL, one at a
/// time, and restarted by the AppHost alone; the broker is also stopped (SIGSTOP) for two minutes; one agent's CLI is
/// killed. A client keeps writing meanwhile. Measured from outside: how soon the system is Healthy again, whether the
/// agents survived and were re-attached, every acknowledged write readable, every event applied exactly once, and the
/// initiative completed.
/// </summary>
public sealed class FaultsSuite(RunningSystem system, FakeAnthropicApi model, ProofTable table)
{
    /// <summary>Target: everything recovers without a person within this.</summary>
    private static readonly TimeSpan Recovery = TimeSpan.FromSeconds(10);
    /// <summary>How long the suite waits for something that should recover before it calls it not recovered.</summary>
    private static readonly TimeSpan GiveUp = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan BrokerStop = TimeSpan.FromMinutes(2);

    private static readonly (string Resource, string Program)[] Killed =
    [
        ("planning", "Codewalkers.Planning"), ("agents", "Codewalkers.Agents"),
        ("collaboration", "Codewalkers.Collaboration"), ("errands", "Codewalkers.Errands"),
        ("gateway", "Codewalkers.Gateway"),
    ];

    // One task per fault that releases an agent (5 services, broker kill, broker stop) and one whose CLI is killed.
    private const int BrokerKillTask = 5, BrokerStopTask = 6, CrashTask = 7, TaskCount = 8;

    private readonly ProofTable _table = table;
    private readonly EventLedger _ledger = new(system);

    /// <summary>
    /// What the Agents service needs to run the real Claude CLI against the fake Messages API, as the end-to-end tests
    /// give it; the AppHost passes its environment on to every resource.
    /// </summary>
    public static IReadOnlyDictionary<string, string> SystemEnvironment(string root, string modelUrl) =>
        new Dictionary<string, string>
        {
            ["Agents__Executables__claude"] = ClaudeCli.Path,
            ["Agents__Environment__ANTHROPIC_BASE_URL"] = modelUrl,
            ["Agents__Environment__ANTHROPIC_API_KEY"] = "proof-key",
            ["Agents__Environment__CLAUDE_CONFIG_DIR"] = Path.Combine(root, "claude-config"),
            // The machine's load comes from every session sharing it; admission is not what is proven here.
            ["Agents__Admission__MaxLoadPerCore"] = "1000",
            // Every task of the initiative runs at once, so each fault finds one mid-run.
            ["Execution__MaxConcurrentAgents"] = TaskCount.ToString(CultureInfo.InvariantCulture),
        };

    public async Task<ProofTable> RunAsync()
    {
        using var gateway = new Gateway(system);
        var initiative = new ExecutingInitiative(system, model, gateway);
        await initiative.StartAsync(TaskCount);
        try
        {
            return await RunFaultsAsync(gateway, initiative);
        }
        finally
        {
            // However the suite ends, no agent is left waiting for a release that never comes.
            for (var i = 0; i < TaskCount; i++) initiative.Release(i);
        }
    }

    private async Task<ProofTable> RunFaultsAsync(Gateway gateway, ExecutingInitiative initiative)
    {
        var agents = await initiative.RunningAgentsAsync(TimeSpan.FromMinutes(5));
        Console.Error.WriteLine($"  {agents.Count} task agents running");
        await using var writes = new AcknowledgedWrites(system, gateway);
        await writes.PrepareAsync(initiative.ProjectId);
        var faultsStarted = DateTimeOffset.UtcNow;

        for (var i = 0; i < Killed.Length; i++)
        {
            var (resource, program) = Killed[i];
            writes.Start();
            await Task.Delay(1500);
            var recovery = await KillAsync(program, gateway, () => initiative.Release(i));
            await Task.Delay(1000);
            await writes.StopAsync();
            var waiting = agents.Where(a => initiative.IndexOf(a.Key) > i && a.Key != initiative.Tasks[CrashTask])
                .ToList();
            var alive = waiting.Count(a => LinuxProcesses.IsAlive(a.Value.Pid));
            AddRecovery($"kill -9 {resource}", recovery,
                $"{alive} of {waiting.Count} waiting agents alive", alive == waiting.Count);
            if (resource == "agents") await ReattachedAsync(initiative, waiting);
        }

        await BrokerKillAsync(gateway, initiative);
        await BrokerStopAsync(gateway, initiative, writes);
        await AgentCrashAsync(initiative, agents[initiative.Tasks[CrashTask]]);
        await CompletionAsync(gateway, initiative);
        await WritesAsync(writes);
        await EventsAsync(faultsStarted);
        // Last: a poison message leaves a dead letter behind, which may keep /health Degraded from then on.
        await DuplicateAndPoisonAsync();
        return _table;
    }

    private sealed record Recovered(double Seconds, double? Restarted, int OldPid, int NewPid, bool Healthy, string? LastHealth);

    /// <summary>SIGKILL to the program's process, then the time until another one runs and the system is Healthy.</summary>
    private async Task<Recovered> KillAsync(string program, Gateway gateway, Action whileDown)
    {
        var old = ProcessOf(program) ?? throw new InvalidOperationException($"{program} is not running.");
        var clock = Stopwatch.StartNew();
        LinuxProcesses.Signal(old, "KILL");
        whileDown();
        var newPid = 0;
        string? health = null;
        double? restarted = null;
        var healthy = await Poll.UntilAsync(async () =>
        {
            newPid = ProcessOf(program) is { } pid && pid != old ? pid : 0;
            if (newPid != 0) restarted ??= clock.Elapsed.TotalSeconds;
            health = await gateway.HealthAsync();
            return newPid != 0 && health == "Healthy";
        }, GiveUp, intervalMs: 100);
        return new Recovered(clock.Elapsed.TotalSeconds, restarted, old, newPid, healthy, health);
    }

    private void AddRecovery(string tried, Recovered recovery, string more, bool morePassed)
    {
        var restarted = recovery.Restarted is { } r ? $"new process after {r:0.0} s" : "no new process";
        var measured = recovery.Healthy
            ? $"{restarted}, Healthy after {recovery.Seconds:0.0} s (pid {recovery.OldPid} -> {recovery.NewPid}); {more}"
            : $"{restarted}, not Healthy after {GiveUp.TotalSeconds:0} s; {more}";
        _table.Add(tried, 1, "restarted by the AppHost, Healthy <= 10 s, agents alive", measured,
            recovery.Healthy && recovery.Seconds <= Recovery.TotalSeconds && morePassed,
            recovery.Healthy ? null : $"the gateway's /health at the end: {recovery.LastHealth ?? "no answer"}");
    }

    /// <summary>After the Agents service came back: the agents it had are still running, same pids, in its API.</summary>
    private async Task ReattachedAsync(
        ExecutingInitiative initiative, List<KeyValuePair<string, (string Agent, int Pid)>> waiting)
    {
        var reattached = 0;
        List<string> detail = [];
        foreach (var (_, (agentId, pid)) in waiting)
        {
            try
            {
                var agent = await initiative.AgentAsync(agentId);
                if (agent.Str("status") == "running" && agent.Int("pid") == pid) reattached++;
                else detail.Add($"{agentId}: {agent.Str("status")} pid {agent.Int("pid")} (was {pid})");
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException
                or InvalidOperationException)
            {
                detail.Add($"{agentId}: the Agents service did not answer ({ex.Message})");
            }
        }
        _table.Add("agents re-attached after kill -9 agents", waiting.Count,
            "every running agent still running, same pid", $"{reattached} of {waiting.Count}",
            reattached == waiting.Count, detail.Count == 0 ? null : string.Join('\n', detail));
    }

    private async Task BrokerKillAsync(Gateway gateway, ExecutingInitiative initiative)
    {
        var recovery = await KillAsync("beam.smp", gateway, () => initiative.Release(BrokerKillTask));
        AddRecovery("kill -9 broker (beam.smp)", recovery, $"outbox rows pending {_ledger.Pending()}", true);
    }

    /// <summary>
    /// The broker frozen for two minutes: writes go on being accepted (the outbox holds their events), a task finishes
    /// meanwhile; after SIGCONT everything is published and the system is Healthy.
    /// </summary>
    private async Task BrokerStopAsync(Gateway gateway, ExecutingInitiative initiative, AcknowledgedWrites writes)
    {
        var broker = ProcessOf("beam.smp") ?? throw new InvalidOperationException("The broker is not running.");
        var (acknowledgedBefore, refusedBefore) = (writes.Acknowledged, writes.Refused);
        writes.Start();
        LinuxProcesses.Signal(broker, "STOP");
        initiative.Release(BrokerStopTask);
        long peak = 0;
        var stopped = Stopwatch.StartNew();
        while (stopped.Elapsed < BrokerStop)
        {
            peak = Math.Max(peak, _ledger.Pending());
            await Task.Delay(5000);
        }
        await writes.StopAsync();
        var (accepted, refused) = (writes.Acknowledged - acknowledgedBefore, writes.Refused - refusedBefore);
        LinuxProcesses.Signal(broker, "CONT");
        var clock = Stopwatch.StartNew();
        var drained = await Poll.UntilAsync(async () => _ledger.Pending() == 0 && await gateway.HealthAsync() == "Healthy",
            GiveUp, intervalMs: 200);
        var seconds = clock.Elapsed.TotalSeconds;
        _table.Add($"broker SIGSTOP {BrokerStop.TotalSeconds:0} s, then SIGCONT", 1,
            "writes accepted meanwhile; outbox drained, Healthy <= 10 s after SIGCONT",
            $"{accepted} writes acknowledged, {refused} refused during the stop; {peak} outbox rows held; "
            + (drained ? $"drained and Healthy {seconds:0.0} s after SIGCONT" : $"not drained after {GiveUp.TotalSeconds:0} s"),
            accepted > 0 && refused == 0 && drained && seconds <= Recovery.TotalSeconds);
    }

    /// <summary>
    /// The agent's CLI killed (SIGKILL to the claude process under its wrapper), as the OOM killer would: the agent
    /// crashes (process_crash, not a transient API error, so not retried by the Agents service) and, as documented
    /// (docs/planning.md; tests/EndToEnd.Tests/Execution/CrashRetryTests), Planning runs the task again with a new agent
    /// that continues the work the dead one left.
    /// </summary>
    private async Task AgentCrashAsync(ExecutingInitiative initiative, (string Agent, int Pid) agent)
    {
        var task = initiative.Tasks[CrashTask];
        // The agent's pid is its wrapper (sh -c '<cli> ...; echo $? > exit-code'); the CLI is the wrapper's child.
        List<int> cli = LinuxProcesses.ProgramOf(agent.Pid) == "sh" ? [.. LinuxProcesses.ChildrenOf(agent.Pid)] : [agent.Pid];
        var clock = Stopwatch.StartNew();
        foreach (var pid in cli) LinuxProcesses.Signal(pid, "KILL");
        // The CLI's waiting shell outlives it; let it end.
        initiative.Release(CrashTask);
        var crashed = "";
        string? next = null;
        var rerun = await Poll.UntilAsync(async () =>
        {
            crashed = (await initiative.AgentAsync(agent.Agent)).Str("status");
            next = (await initiative.AgentsByTaskAsync())[task].FirstOrDefault(a => a != agent.Agent);
            return next is not null && (await initiative.AgentAsync(next)).Str("status") is "running" or "stopped";
        }, GiveUp, intervalMs: 200);
        var seconds = clock.Elapsed.TotalSeconds;
        _table.Add("agent crash: kill -9 its claude CLI", cli.Count,
            "agent crashed; the task's new agent running <= 10 s (it completes, below)",
            rerun ? $"agent {crashed}; new agent running after {seconds:0.0} s"
                : $"agent {crashed}; no new agent running after {GiveUp.TotalSeconds:0} s",
            cli.Count > 0 && rerun && crashed == "crashed" && seconds <= Recovery.TotalSeconds);
    }

    private async Task CompletionAsync(Gateway gateway, ExecutingInitiative initiative)
    {
        for (var i = 0; i < TaskCount; i++) initiative.Release(i);
        var clock = Stopwatch.StartNew();
        var review = await Poll.UntilAsync(async () => await initiative.StatusAsync() == "pending_review",
            TimeSpan.FromMinutes(5), intervalMs: 1000);
        var statuses = new List<string>();
        foreach (var task in initiative.Tasks) statuses.Add(await initiative.TaskStatusAsync(task));
        var completed = statuses.Count(s => s == "completed");
        var agentsByTask = await initiative.AgentsByTaskAsync();
        // One agent per task; the crashed one's task two (the crashed agent and the one that took over).
        var doubled = agentsByTask
            .Where(t => t.Value.Length != (t.Key == initiative.Tasks[CrashTask] ? 2 : 1))
            .Select(t => $"task {t.Key}: {t.Value.Length} agents").ToList();
        var finished = false;
        if (review)
        {
            await gateway.PostAsync($"/api/initiatives/{initiative.InitiativeId}/approve");
            finished = await Poll.UntilAsync(async () => await initiative.StatusAsync() == "completed",
                TimeSpan.FromMinutes(3), intervalMs: 1000);
        }
        var files = initiative.FilesOnMain();
        _table.Add("the initiative completes", TaskCount,
            "every task completed by one agent (the crashed one's by one more); approved, completed, every file on main",
            $"{completed} of {TaskCount} tasks completed, {TaskCount - doubled.Count} with the expected agents; "
            + $"initiative {await initiative.StatusAsync()} after {clock.Elapsed.TotalSeconds:0} s; {files} of {TaskCount} files on main",
            completed == TaskCount && doubled.Count == 0 && finished && files == TaskCount,
            doubled.Count == 0 && completed == TaskCount ? null
                : string.Join('\n', [.. doubled, $"task statuses: {string.Join(", ", statuses)}"]));
    }

    private async Task WritesAsync(AcknowledgedWrites writes)
    {
        var missing = await writes.MissingAsync();
        var doubled = writes.Doubled();
        _table.Add("acknowledged writes during the faults", writes.Acknowledged, "every one readable, none twice",
            $"{writes.Acknowledged - missing.Count} of {writes.Acknowledged} readable, {doubled.Count} stored twice "
            + $"({writes.Refused} refused or unanswered while a part was down)",
            missing.Count == 0 && doubled.Count == 0,
            missing.Count + doubled.Count == 0 ? null : string.Join('\n', [.. missing.Take(20), .. doubled.Take(20)]));
    }

    private async Task EventsAsync(DateTimeOffset faultsStarted)
    {
        await Poll.UntilAsync(() => Task.FromResult(_ledger.Pending() == 0), TimeSpan.FromSeconds(60));
        // Consumers apply what arrived; give the last deliveries a moment to commit.
        await Task.Delay(3000);
        var outcome = _ledger.Measure(faultsStarted);
        _table.Add("events by message id: outbox vs inbox", outcome.Checked,
            "0 lost, 0 applied twice, 0 pending",
            $"{outcome.Published} published since the first fault, {outcome.Records} inbox records; "
            + $"{outcome.Checked} deliveries checked over {outcome.PairsChecked} (type, consumer) pairs: "
            + $"{outcome.Lost.Count} lost, {outcome.Doubled.Count} applied twice, {outcome.Pending} pending, "
            + $"{outcome.DeadLettered} dead-lettered",
            outcome.Lost.Count == 0 && outcome.Doubled.Count == 0 && outcome.Pending == 0 && outcome.Checked > 0,
            outcome.Lost.Count + outcome.Doubled.Count == 0 ? null
                : string.Join('\n', [.. outcome.Lost.Take(30), .. outcome.Doubled.Take(30)]));
    }

    /// <summary>
    /// A real event published again with its message id: applied once (no new inbox record, no new feed entry). Then a
    /// body that is not JSON on the same exchange: moved to the consumer's _error queue, the service alive.
    /// </summary>
    private async Task DuplicateAndPoisonAsync()
    {
        var broker = new DuplicateAndPoison(system);
        var applied = _ledger.AppliedEvent() ?? throw new InvalidOperationException("No event was applied at all.");
        var (message, consumer) = applied;
        var service = consumer.Split(':')[0];
        var program = RunningSystem.Programs.Single(p => p.Resource == service).Program;
        var servicePid = ProcessOf(program);
        var before = _ledger.Effects(message.Id);
        var errorsBefore = await broker.ErrorQueueDepthAsync(consumer) ?? 0;
        await broker.PublishAgainAsync(message);
        await broker.PublishPoisonAsync(message.Type);
        // The poison was published after the duplicate: once it reached the error queue, the duplicate was handled.
        uint? errors = null;
        var deadLettered = await Poll.UntilAsync(async () =>
            (errors = await broker.ErrorQueueDepthAsync(consumer)) > errorsBefore, TimeSpan.FromSeconds(60), 500);
        await Task.Delay(2000);
        var after = _ledger.Effects(message.Id);
        var type = message.Type.Split(',')[0].Split('.').Last();
        _table.Add($"duplicate {type} (same message id) on the broker", 1,
            "applied once: no new inbox record, no new feed entry",
            $"inbox records of {message.Id[..8]} {before.Records} -> {after.Records}, feed entries "
            + $"{before.FeedEntries} -> {after.FeedEntries}",
            deadLettered && after == before);
        using var gateway = new Gateway(system);
        // docs/architecture.md: a dead-lettered message turns /health Degraded, naming count and type.
        string? health = null;
        var shown = await Poll.UntilAsync(async () =>
            (health = await gateway.HealthAsync())?.Contains("error queue", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(10), 500);
        var alive = servicePid is { } pid && LinuxProcesses.IsAlive(pid);
        _table.Add($"poison {type} (not JSON) on the broker", 1,
            $"in {DuplicateAndPoison.ErrorQueueOf(consumer)}; {service} alive (same pid); /health Degraded naming it",
            $"error queue {errorsBefore} -> {errors?.ToString(CultureInfo.InvariantCulture) ?? "missing"}; "
            + $"{service} {(alive ? "alive" : "gone")}; /health: {health}",
            deadLettered && alive && shown);
    }

    /// <summary>The one process of the running system that runs <paramref name="program"/>, if any.</summary>
    private int? ProcessOf(string program)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var pids = system.Processes().Where(pid => LinuxProcesses.ProgramOf(pid) == program).ToList();
                return pids.Count == 0 ? null : pids.Max();
            }
            // A process ended while /proc was walked (agents' tool calls come and go all the time): walk it again.
            catch (IOException) when (attempt < 5) { }
        }
    }
}
