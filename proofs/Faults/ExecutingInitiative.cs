using System.Diagnostics;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.Proofs.Faults;

/// <summary>
/// A yolo initiative of one phase whose tasks run at once, each agent the real Claude CLI scripted by the fake Messages
/// API: it writes its file, then waits (a Bash call the CLI really runs) until the suite releases it, then commits and
/// signals done. So every agent is mid-run for as long as the suite wants, and each finishes when a fault is chosen.
/// </summary>
public sealed class ExecutingInitiative(RunningSystem system, FakeAnthropicApi model, Gateway gateway)
{
    private readonly string _releases = Directory.CreateDirectory(Path.Combine(system.Root, "releases")).FullName;
    private readonly string _run = $"faults-{Guid.NewGuid().ToString("N")[..8]}";
    private const int WaitCalls = 6;
    private readonly List<string> _tasks = [];
    private string _repository = "";
    private string _projectName = "";

    public string InitiativeId { get; private set; } = "";
    public string ProjectId { get; private set; } = "";
    public IReadOnlyList<string> Tasks => _tasks;
    public int IndexOf(string task) => _tasks.IndexOf(task);

    /// <summary>Registers a git repository, plans <paramref name="count"/> tasks and starts executing them.</summary>
    public async Task StartAsync(int count)
    {
        _repository = Directory.CreateDirectory(Path.Combine(system.Root, "repos", _run)).FullName;
        Git("init", "-q", "-b", "main");
        File.WriteAllText(Path.Combine(_repository, "README.md"), "# faults\n");
        Git("add", "-A");
        Git("-c", "user.name=proof", "-c", "user.email=proof@cw", "commit", "-q", "-m", "initial");
        // The approved initiative is pushed onto main, checked out here, as a user's checkout would take it.
        Git("config", "receive.denyCurrentBranch", "updateInstead");
        _projectName = _run;
        var project = await gateway.PostAsync("/api/projects",
            new { name = _projectName, url = _repository, defaultBranch = "main" });
        ProjectId = project.Str("id");
        InitiativeId = (await gateway.PostAsync("/api/initiatives", new
        {
            name = $"Faults {_run}", executionMode = "yolo", projectIds = new[] { ProjectId },
        })).Str("id");
        var phase = (await gateway.PostAsync("/api/phases", new { initiativeId = InitiativeId, name = "Work" }))
            .Str("id");
        for (var i = 0; i < count; i++)
        {
            var marker = $"task-{i}-{_run}";
            Script(marker, $"file-{i}.txt");
            _tasks.Add((await gateway.PostAsync("/api/tasks", new
            {
                initiativeId = InitiativeId, phaseId = phase, name = $"Write file {i}",
                description = $"Write file-{i}.txt. {marker}",
            })).Str("id"));
        }
        await gateway.PostAsync($"/api/phases/{phase}/approve");
        await gateway.PostAsync($"/api/initiatives/{InitiativeId}/execute");
    }

    /// <summary>The task's agent lets its CLI go on: it commits and signals done.</summary>
    public void Release(int task) => File.WriteAllText(Path.Combine(_releases, $"task-{task}"), "go\n");

    /// <summary>Every agent Planning assigned to each task (exactly one each, unless a command was applied twice).</summary>
    public async Task<Dictionary<string, string[]>> AgentsByTaskAsync()
    {
        var assignments = await gateway.ItemsAsync($"/api/initiatives/{InitiativeId}/assignments");
        return _tasks.ToDictionary(t => t, t => assignments
            .Where(a => a.TryGetProperty("taskId", out var id) && id.GetString() == t)
            .Select(a => a.Str("agentId")).Where(id => id.Length > 0).Distinct().ToArray());
    }

    public async Task<JsonElement> AgentAsync(string agentId) => await gateway.GetAsync($"/api/agents/{agentId}");

    /// <summary>Each task's agent with its pid, once every task's agent runs its CLI.</summary>
    public async Task<Dictionary<string, (string Agent, int Pid)>> RunningAgentsAsync(TimeSpan timeout)
    {
        Dictionary<string, (string, int)> running = [];
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            running.Clear();
            foreach (var (task, agents) in await AgentsByTaskAsync())
            {
                if (agents.Length == 0) continue;
                var agent = await AgentAsync(agents[0]);
                if (agent.Str("status") == "running" && agent.Int("pid") is { } pid && LinuxProcesses.IsAlive(pid))
                    running[task] = (agents[0], pid);
            }
            if (running.Count == _tasks.Count) return running;
            await Task.Delay(1000);
        }
        throw new TimeoutException(
            $"{running.Count} of {_tasks.Count} task agents were running after {timeout.TotalSeconds:0} s.");
    }

    public async Task<string> TaskStatusAsync(string task) => (await gateway.GetAsync($"/api/tasks/{task}")).Str("status");

    public async Task<string> StatusAsync() => (await gateway.GetAsync($"/api/initiatives/{InitiativeId}")).Str("status");

    /// <summary>The files every task committed, on the repository's main branch once the initiative was approved.</summary>
    public int FilesOnMain() =>
        Enumerable.Range(0, _tasks.Count).Count(i => File.Exists(Path.Combine(_repository, $"file-{i}.txt")));

    private void Script(string marker, string file)
    {
        var release = Path.Combine(_releases, $"task-{marker.Split('-')[1]}");
        // The CLI's Bash tool allows 10 minutes per call at most, and a loaded machine can take longer than that to get
        // through the faults: the agent waits in up to WaitCalls calls, each returning at once once released.
        Func<string, Reply> wait = _ => new Reply.Tools(new ToolCall("Bash", new
        {
            command = $"until [ -f {release} ]; do sleep 0.5; done", description = "wait for the suite",
            timeout = 600000,
        }));
        model.Script(marker,
        [
            workdir => new Reply.Tools(new ToolCall("Write",
                new { file_path = Path.Combine(workdir, _projectName, file), content = $"{marker}\n" })),
            .. Enumerable.Repeat(wait, WaitCalls),
            _ => new Reply.Tools(new ToolCall("Bash", new
            {
                command = $"cd {_projectName} && git add {file} "
                    + $"&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add {file}'",
                description = "commit",
            })),
            workdir => new Reply.Tools(new ToolCall("Write", new
            {
                file_path = Path.Combine(workdir, ".cw/output/signal.json"),
                content = JsonSerializer.Serialize(new { status = "done", result = new { message = $"Added {file}" } }),
            })),
            _ => new Reply.Text("Done."),
        ]);
    }

    private void Git(params string[] args)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = _repository, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"git {string.Join(' ', args)}: {error}");
    }
}
