using System.Diagnostics;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// The agent-fault rows' work: one registered git repository, and per row a yolo initiative of one phase whose tasks
/// each write and commit one file, executed by Planning with real Claude CLI agents (<see cref="AdaptiveAgent"/>).
/// </summary>
public sealed class FaultTasks(RunningSystem system, Gateway gateway, AdaptiveAgent agents, string run)
{
    private string _projectId = "";

    public static string ProjectName(string run) => $"faults-{run}";

    public string Repository => Path.Combine(system.Root, "repos", run);

    public async Task PrepareAsync()
    {
        Directory.CreateDirectory(Repository);
        Git("init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(Repository, "README.md"), "# agent faults\n");
        Git("add", "-A");
        Git("-c", "user.name=proof", "-c", "user.email=proof@cw", "commit", "-q", "-m", "initial");
        _projectId = (await gateway.PostAsync("/api/projects",
            new { name = ProjectName(run), url = Repository, defaultBranch = "main" })).Str("id");
    }

    /// <summary>Plans one task per entry (its marker, file and misbehaviour) and executes them at once.</summary>
    public async Task<FaultInitiative> StartAsync(string row, params (string Marker, Misbehaviour How)[] tasks)
    {
        var initiative = (await gateway.PostAsync("/api/initiatives", new
        {
            name = $"Faults {row} {run}", executionMode = "yolo", projectIds = new[] { _projectId },
        })).Str("id");
        var phase = (await gateway.PostAsync("/api/phases", new { initiativeId = initiative, name = "Work" })).Str("id");
        List<FaultTask> planned = [];
        foreach (var (marker, how) in tasks)
        {
            var file = $"{marker}.txt";
            agents.Script(marker, file, how);
            var id = (await gateway.PostAsync("/api/tasks", new
            {
                initiativeId = initiative, phaseId = phase, name = $"Write {file}",
                description = $"Write {file}. {marker}",
            })).Str("id");
            planned.Add(new FaultTask(id, marker, file));
        }
        await gateway.PostAsync($"/api/phases/{phase}/approve");
        await gateway.PostAsync($"/api/initiatives/{initiative}/execute");
        return new FaultInitiative(initiative, planned, gateway);
    }

    private void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = Repository, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
    }
}

public sealed record FaultTask(string Id, string Marker, string File);

/// <summary>One row's initiative as Planning and the Agents service report it.</summary>
public sealed class FaultInitiative(string id, IReadOnlyList<FaultTask> tasks, Gateway gateway)
{
    public string Id => id;
    public IReadOnlyList<FaultTask> Tasks => tasks;

    public async Task<string> TaskStatusAsync(FaultTask task) =>
        (await gateway.GetAsync($"/api/tasks/{task.Id}")).Str("status");

    /// <summary>Every agent Planning assigned to the task, oldest first.</summary>
    public async Task<string[]> AgentsOfAsync(FaultTask task)
    {
        var assignments = await gateway.ItemsAsync($"/api/initiatives/{id}/assignments");
        return [.. assignments
            .Where(a => a.TryGetProperty("taskId", out var t) && t.GetString() == task.Id)
            .Select(a => a.Str("agentId")).Where(a => a.Length > 0).Distinct().Reverse()];
    }

    public async Task<JsonElement> AgentAsync(string agentId) => await gateway.GetAsync($"/api/agents/{agentId}");

    /// <summary>The agent's sessions: number, outcome, account, start and end.</summary>
    public async Task<JsonElement[]> SessionsAsync(string agentId) =>
        await gateway.ItemsAsync($"/api/agents/{agentId}/sessions");

    /// <summary>The task's current agent with its pid, once it runs its CLI.</summary>
    public async Task<(string Agent, int Pid)?> RunningAgentAsync(FaultTask task)
    {
        var agents = await AgentsOfAsync(task);
        if (agents.Length == 0) return null;
        var agent = await AgentAsync(agents[^1]);
        return agent.Str("status") == "running" && agent.Int("pid") is { } pid && LinuxProcesses.IsAlive(pid)
            ? (agents[^1], pid)
            : null;
    }

    /// <summary>Waits until every task is completed (or <paramref name="timeout"/>); the seconds it took, or null.</summary>
    public async Task<double?> CompletedAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var done = await Poll.UntilAsync(async () =>
        {
            foreach (var task in tasks)
                if (await TaskStatusAsync(task) != "completed") return false;
            return true;
        }, timeout, intervalMs: 500);
        return done ? clock.Elapsed.TotalSeconds : null;
    }

    public async Task<string> StatusesAsync()
    {
        List<string> statuses = [];
        foreach (var task in tasks) statuses.Add($"{task.Marker}: {await TaskStatusAsync(task)}");
        return string.Join(", ", statuses);
    }
}
