using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Codewalkers.Dispatch.Benchmarks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Dispatch latency: from a task's agent signalling done to the process of the task that depends on it starting,
// through the whole system (Agents notices the signal, AgentCompleted crosses the broker, Planning completes the task,
// the commit triggers a dispatch cycle, SpawnAgent crosses the broker, Agents makes the worktree and launches).
// Baseline in the same run: the Agents service alone, from POST /api/agents to the process starting.

var chain = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 101;
var home = Directory.CreateTempSubdirectory("cw-bench-dispatch-").FullName;
var log = Path.Combine(home, "agents.log");
File.WriteAllText(log, "");
var agent = FastAgent.Write(home);

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
    [$"--CW_HOME={home}", $"--Gateway:Port={FreePort()}"]);
builder.Services.AddLogging(logging => logging
    .SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == "agents"))
    .WithEnvironment("Agents__Executables__claude", agent)
    .WithEnvironment("Agents__Environment__BENCH_LOG", log)
    // Measures dispatch, not admission: a machine loaded by other work must not hold the agents back.
    .WithEnvironment("Agents__Admission__MaxLoadPerCore", "1000");
await using var app = await builder.BuildAsync();
using (var startup = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
{
    await app.StartAsync(startup.Token);
    await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
}
using var http = new HttpClient
{
    BaseAddress = app.GetEndpoint("gateway", "http"), Timeout = TimeSpan.FromSeconds(60),
};
http.DefaultRequestHeaders.Authorization =
    new AuthenticationHeaderValue("Bearer", File.ReadAllText(Path.Combine(home, "token")).Trim());

var repo = Path.Combine(home, "repo");
Directory.CreateDirectory(repo);
Git(repo, "init", "-q", "-b", "main");
Git(repo, "-c", "user.name=bench", "-c", "user.email=bench@cw", "commit", "-q", "--allow-empty", "-m", "init");
var project = await PostAsync("/api/projects", new { name = "bench", url = repo });
var projectId = project.GetProperty("id").GetString()!;

// Baseline: the Agents service alone starting an agent on a new branch of the same project.
// The Agents service hears of the project through the broker: wait until it knows it.
await WaitForAsync(async () =>
{
    using var probe = await http.GetAsync($"/api/workspace/projects/{projectId}/commits?base=main&head=main");
    return probe.IsSuccessStatusCode;
}, known => known, TimeSpan.FromMinutes(2));
var direct = new List<double>();
for (var i = 0; i < 20; i++)
{
    var sent = DateTimeOffset.UtcNow;
    var spawned = await PostAsync("/api/agents", new
    {
        mode = "execute", prompt = "Baseline.", taskId = $"direct-{i}",
        projects = new[]
        {
            new
            {
                projectId, branch = $"bench-direct-{i}", baseBranch = "main", ensureBranches = Array.Empty<object>(),
            },
        },
        inputFiles = Array.Empty<object>(), requiredOutputs = Array.Empty<string>(),
    });
    var name = spawned.GetProperty("name").GetString()!;
    var started = await WaitFor(
        () => FastAgent.ReadLog(log).GetValueOrDefault($"direct-{name}").Start, s => s > 0, TimeSpan.FromSeconds(30));
    direct.Add((started - sent.ToUnixTimeMilliseconds() * 1_000_000L) / 1e6);
}

// The measured runs: one phase, a chain of tasks each depending on the one before, executed in yolo mode. Twice: the
// first right after start (the services still compile their hot paths: .NET's tiered JIT keeps a core busy for about
// the first two minutes of a process), the second on the warmed-up system, which is what a user running it all day has.
var cold = await RunChainAsync("cold");
var warm = await RunChainAsync("warm");
// What "verified done" adds: the same chain once the project has a verify command, here `true`, so what is measured
// is the step itself (a process group in the worktree, its output stored) and not a test suite.
await SendAsync(HttpMethod.Patch, $"/api/projects/{projectId}", new { verifyCommand = "true" });
var verified = await RunChainAsync("verified");
Console.WriteLine("Dispatch latency: agent signals done -> dependent task's agent process starts "
    + $"({chain - 1} hand-offs per run, {chain} chained tasks, whole system)");
foreach (var run in new[] { warm, cold })
{
    var label = run == warm ? "warm (the target)" : "cold (right after start)";
    Print($"  {label}, through Planning + broker + Agents", run.Latencies,
        run == warm ? "target p99 < 250 ms: " + (Percentile(run.Latencies, 99) < 250 ? "met" : "MISSED") : "");
    Print("    of which: signal -> Planning's dispatch cycle starts the dependent "
        + "(Agents notices, AgentCompleted, broker, Planning)", run.ToDispatch, "");
    Print("    of which: dispatch -> process start (outbox, broker, Agents prepares the worktree and launches)",
        run.ToStart, "");
    Console.WriteLine($"    {chain} tasks executed and merged in {run.Total.TotalSeconds:0.0} s "
        + $"({run.Total.TotalMilliseconds / chain:0} ms per task)");
}
Print("  warm, the project verified by `true` after each task", verified.Latencies, "");
Console.WriteLine($"    the verify step adds p50 {Percentile(verified.Latencies, 50) - Percentile(warm.Latencies, 50):+0.0;-0.0} ms, "
    + $"p99 {Percentile(verified.Latencies, 99) - Percentile(warm.Latencies, 99):+0.0;-0.0} ms per hand-off; "
    + $"{(verified.Total - warm.Total).TotalMilliseconds / chain:+0;-0} ms per task over the chain");
Print("  baseline, Agents alone (POST /api/agents -> process start)", direct, "");
Console.WriteLine($"  ratio (warm) p50 {Percentile(warm.Latencies, 50) / Percentile(direct, 50):0.0}x, "
    + $"p99 {Percentile(warm.Latencies, 99) / Percentile(direct, 99):0.0}x the baseline");
await app.StopAsync();
try { Directory.Delete(home, recursive: true); } catch (IOException) { }
return 0;

async Task<ChainRun> RunChainAsync(string name)
{
    var initiative = await PostAsync("/api/initiatives", new
    {
        name = $"Dispatch benchmark ({name})", executionMode = "yolo", projectIds = new[] { projectId },
    });
    var initiativeId = initiative.GetProperty("id").GetString()!;
    var phaseId = (await PostAsync("/api/phases", new { initiativeId, name = "Chain" })).GetProperty("id").GetString()!;
    var tasks = new List<string>();
    for (var i = 0; i < chain; i++)
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

    var runs = FastAgent.ReadLog(log);
    var hands = tasks.Zip(tasks.Skip(1)).ToList();
    // Where the time goes: Planning records when its dispatch cycle started each task
    // (the SpawnAgent is committed then).
    var dispatched = DispatchTimes(Path.Combine(home, "data", "planning.db"));
    return new ChainRun(
        hands.Select(pair => (runs[pair.Second].Start - runs[pair.First].End) / 1e6).ToList(),
        hands.Select(pair => dispatched[pair.Second] - runs[pair.First].End / 1e6).ToList(),
        hands.Select(pair => runs[pair.Second].Start / 1e6 - dispatched[pair.Second]).ToList(),
        total);
}

Task<JsonElement> PostAsync(string path, object body) => SendAsync(HttpMethod.Post, path, body);

async Task<JsonElement> SendAsync(HttpMethod method, string path, object body)
{
    using var response = await http.SendAsync(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });
    var text = await response.Content.ReadAsStringAsync();
    if (!response.IsSuccessStatusCode)
        throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text}");
    return JsonDocument.Parse(text).RootElement.Clone();
}

// Polls gently: the system under test shares this machine's two cores, and a request every few milliseconds through
// the gateway would be measured as dispatch latency. The latencies come from the agents' own timestamps, not from here.
static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, TimeSpan timeout, int pollMs = 20)
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

static Task<T> WaitFor<T>(Func<T> read, Func<T, bool> done, TimeSpan timeout) =>
    WaitForAsync(() => Task.FromResult(read()), done, timeout);

static void Print(string what, List<double> values, string verdict) =>
    Console.WriteLine($"{what}\n    n={values.Count}  p50={Percentile(values, 50):0.0} ms  "
        + $"p99={Percentile(values, 99):0.0} ms  max={values.Max():0.0} ms  {verdict}");

static double Percentile(List<double> values, int p)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

static Dictionary<string, double> DispatchTimes(string database)
{
    using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly");
    connection.Open();
    using var command = connection.CreateCommand();
    command.CommandText =
        "SELECT TaskId, MIN(CreatedAt) FROM agent_assignments WHERE TaskId IS NOT NULL GROUP BY TaskId";
    using var reader = command.ExecuteReader();
    var result = new Dictionary<string, double>();
    while (reader.Read()) result[reader.GetString(0)] = reader.GetInt64(1);
    return result;
}

static void Git(string directory, params string[] arguments)
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

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

/// <summary>One chain's hand-offs: end to end, and split at Planning's dispatch (milliseconds).</summary>
internal sealed record ChainRun(List<double> Latencies, List<double> ToDispatch, List<double> ToStart, TimeSpan Total);
