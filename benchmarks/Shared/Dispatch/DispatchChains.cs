using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Codewalkers.Benchmarks;

/// <summary>
/// Dispatch latency through a running system: a phase whose tasks form a chain (each depends on the one before),
/// executed in yolo mode with <see cref="FastAgent"/> as the agent CLI. For each hand-off: from one agent's signal to
/// the dependent task's agent process starting (Agents notices the exit, AgentCompleted crosses the broker, Planning
/// completes the task, the commit-triggered dispatch cycle, SpawnAgent crosses the broker, Agents merges, prepares the
/// worktree and launches), split at the moment Planning's dispatch cycle started the dependent. Shared by the Dispatch
/// benchmark and the perf proof, so both measure the same thing the same way.
/// </summary>
/// <param name="http">The gateway, with the API token.</param>
/// <param name="openPlanningDatabase">
/// Opens Planning's database (SQLite or PostgreSQL), read for the dispatch moments.
/// </param>
/// <param name="agentLog">The file <see cref="FastAgent"/> logs to (its BENCH_LOG).</param>
internal sealed class DispatchChains(HttpClient http, Func<DbConnection> openPlanningDatabase, string agentLog)
{
    /// <param name="http">The gateway, with the API token.</param>
    /// <param name="cwHome">The system's CW_HOME, whose SQLite file of Planning is read for the dispatch moments.</param>
    /// <param name="agentLog">The file <see cref="FastAgent"/> logs to (its BENCH_LOG).</param>
    public DispatchChains(HttpClient http, string cwHome, string agentLog)
        : this(http, () => new Microsoft.Data.Sqlite.SqliteConnection(
            $"Data Source={Path.Combine(cwHome, "data", "planning.db")};Mode=ReadOnly;Pooling=false"), agentLog)
    {
    }

    /// <summary>
    /// A project on a new local repository with one empty commit, once the Agents service (told through the broker)
    /// knows it.
    /// </summary>
    public async Task<string> CreateProjectAsync(string repository)
    {
        Directory.CreateDirectory(repository);
        Git(repository, "init", "-q", "-b", "main");
        Git(repository,
            "-c", "user.name=bench", "-c", "user.email=bench@cw", "commit", "-q", "--allow-empty", "-m", "init");
        var project = await PostAsync("/api/projects", new { name = Path.GetFileName(repository), url = repository });
        var projectId = project.GetProperty("id").GetString()!;
        await WaitForAsync(async () =>
        {
            using var probe = await http.GetAsync($"/api/workspace/projects/{projectId}/commits?base=main&head=main");
            return probe.IsSuccessStatusCode;
        }, known => known, TimeSpan.FromMinutes(2));
        return projectId;
    }

    /// <summary>Makes a chain of <paramref name="length"/> tasks, executes it, waits for its review.</summary>
    public async Task<ChainRun> RunAsync(string projectId, string name, int length)
    {
        var initiative = await PostAsync("/api/initiatives", new
        {
            name = $"Dispatch benchmark ({name})", executionMode = "yolo", projectIds = new[] { projectId },
        });
        var initiativeId = initiative.GetProperty("id").GetString()!;
        var phaseId =
            (await PostAsync("/api/phases", new { initiativeId, name = "Chain" })).GetProperty("id").GetString()!;
        var tasks = new List<string>();
        for (var i = 0; i < length; i++)
        {
            var task = await PostAsync("/api/tasks", new
            {
                phaseId, name = $"Step {i}", dependsOn = tasks.Count == 0 ? Array.Empty<string>() : new[] { tasks[^1] },
            });
            tasks.Add(task.GetProperty("id").GetString()!);
        }
        await PostAsync($"/api/phases/{phaseId}/approve", new { });
        var clock = Stopwatch.StartNew();
        await PostAsync($"/api/initiatives/{initiativeId}/execute", new { });
        await WaitForAsync(
            async () => (await http.GetFromJsonAsync<JsonElement>($"/api/initiatives/{initiativeId}"))
                .GetProperty("status").GetString(),
            s => s == "pending_review", TimeSpan.FromMinutes(15), pollMs: 500);
        var total = clock.Elapsed;

        var runs = FastAgent.ReadLog(agentLog);
        var hands = tasks.Zip(tasks.Skip(1)).ToList();
        // Where the time goes: Planning records when its dispatch cycle started each task (the SpawnAgent is
        // committed then).
        var dispatched = DispatchTimes();
        return new ChainRun(
            hands.Select(pair => (runs[pair.Second].Start - runs[pair.First].End) / 1e6).ToList(),
            hands.Select(pair => dispatched[pair.Second] - runs[pair.First].End / 1e6).ToList(),
            hands.Select(pair => runs[pair.Second].Start / 1e6 - dispatched[pair.Second]).ToList(),
            total);
    }

    public Task<JsonElement> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

    public async Task<JsonElement> SendAsync(HttpMethod method, string path, object body)
    {
        using var response =
            await http.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Polls gently: the system under test shares this machine's two cores, and a request every few milliseconds
    /// through the gateway would be measured as dispatch latency. The latencies come from the agents' own timestamps.
    /// </summary>
    public static async Task<T> WaitForAsync<T>(
        Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, int pollMs = 20)
    {
        var limit = Stopwatch.StartNew();
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (limit.Elapsed > timeout) throw new TimeoutException($"Still {value} after {timeout}.");
            await Task.Delay(pollMs);
        }
    }

    private Dictionary<string, double> DispatchTimes()
    {
        using var connection = openPlanningDatabase();
        connection.Open();
        using var command = connection.CreateCommand();
        // Quoted names: one statement for SQLite and PostgreSQL (whose unquoted names fold to lower case).
        command.CommandText = "SELECT \"TaskId\", MIN(\"CreatedAt\") FROM agent_assignments "
            + "WHERE \"TaskId\" IS NOT NULL GROUP BY \"TaskId\"";
        using var reader = command.ExecuteReader();
        var result = new Dictionary<string, double>();
        while (reader.Read()) result[reader.GetString(0)] = Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture);
        return result;
    }

    private static void Git(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git") { WorkingDirectory = directory, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"git {string.Join(' ', arguments)}: {process.StandardError.ReadToEnd()}");
        }
    }
}

/// <summary>One chain's hand-offs: end to end, and split at Planning's dispatch (milliseconds).</summary>
internal sealed record ChainRun(List<double> Latencies, List<double> ToDispatch, List<double> ToStart, TimeSpan Total);
