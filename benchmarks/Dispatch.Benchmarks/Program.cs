using System.Data.Common;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Codewalkers.Benchmarks;
using Codewalkers.Dispatch.Benchmarks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

// Dispatch latency: from a task's agent signalling done to the process of the task that depends on it starting,
// through the whole system (Agents notices the signal, AgentCompleted crosses the broker, Planning completes the task,
// the commit triggers a dispatch cycle, SpawnAgent crosses the broker, Agents makes the worktree and launches).
// Baseline in the same run: the Agents service alone, from POST /api/agents to the process starting.

// Usage: dotnet run -c Release --project benchmarks/Dispatch.Benchmarks [-- <chain length, 101>]
//        [--provider sqlite|postgres|both]: with both, the whole system runs on each database in turn (the AppHost's
//        Database:Provider) and every figure is printed side by side with the ratio.
var chain = args.Select(a => int.TryParse(a, System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 0)
    .FirstOrDefault(n => n > 0, 101);
var provider = Array.IndexOf(args, "--provider") is var at && at >= 0 && at + 1 < args.Length ? args[at + 1] : "sqlite";
string[] providers = provider switch
{
    "sqlite" or "postgres" => [provider],
    "both" => ["sqlite", "postgres"],
    _ => throw new ArgumentException($"--provider is sqlite, postgres or both, not '{provider}'"),
};
var figures = new List<DispatchFigures>();
foreach (var database in providers) figures.Add(await MeasureAsync(database, chain));
if (figures.Count == 2) DispatchFigures.PrintSideBySide(figures[0], figures[1]);
return 0;

static async Task<DispatchFigures> MeasureAsync(string provider, int chain)
{
    var home = Directory.CreateTempSubdirectory("cw-bench-dispatch-").FullName;
    var log = Path.Combine(home, "agents.log");
    File.WriteAllText(log, "");
    var agent = FastAgent.Write(home);

    var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
        [$"--CW_HOME={home}", $"--Gateway:Port={FreePort()}", $"--Database:Provider={provider}"]);
    builder.Services.AddLogging(logging => logging
        .SetMinimumLevel(LogLevel.Warning)
        .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
    builder.CreateResourceBuilder(builder.Resources.OfType<IResourceWithEnvironment>().Single(r => r.Name == "agents"))
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

    // Planning's database, read for the moment its dispatch cycle started each task: the AppHost's PostgreSQL
    // database resource of Planning, or its SQLite file.
    var chains = provider == "postgres"
        ? new DispatchChains(http, PostgresOpener(await app.GetConnectionStringAsync("planning-db")), log)
        : new DispatchChains(http, home, log);
    var projectId = await chains.CreateProjectAsync(Path.Combine(home, "repo"));

    // Baseline: the Agents service alone starting an agent on a new branch of the same project.
    var direct = new List<double>();
    for (var i = 0; i < 20; i++)
    {
        var sent = DateTimeOffset.UtcNow;
        var spawned = await chains.PostAsync("/api/agents", new
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

    // The measured runs: one phase, a chain of tasks each depending on the one before, executed in yolo mode. Twice:
    // the first right after start (the services still compile their hot paths: .NET's tiered JIT keeps a core busy
    // for about the first two minutes of a process), the second on the warmed-up system, which is what a user running
    // it all day has.
    var cold = await chains.RunAsync(projectId, "cold", chain);
    var warm = await chains.RunAsync(projectId, "warm", chain);
    // What "verified done" adds: the same chain once the project has a verify command, here `true`, so what is
    // measured is the step itself (a process group in the worktree, its output stored) and not a test suite.
    await chains.SendAsync(HttpMethod.Patch, $"/api/projects/{projectId}", new { verifyCommand = "true" });
    var verified = await chains.RunAsync(projectId, "verified", chain);
    Console.WriteLine($"[{provider}] Dispatch latency: agent signals done -> dependent task's agent process starts "
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
    // As root the AppHost's PostgreSQL keeps its data outside CW_HOME, linked from it: removed with it.
    var postgresData = new FileInfo(Path.Combine(home, "postgres", "data")).LinkTarget;
    foreach (var directory in postgresData is null ? [home] : new[] { home, postgresData })
    {
        try { Directory.Delete(directory, recursive: true); } catch (IOException) { }
    }
    return new DispatchFigures(provider, warm, cold, verified, direct);
}

static Func<DbConnection> PostgresOpener(string? connectionString) =>
    () => new NpgsqlConnection(connectionString
        ?? throw new InvalidOperationException("The AppHost gave Planning no PostgreSQL connection string."));

static Task<T> WaitFor<T>(Func<T> read, Func<T, bool> done, TimeSpan timeout) =>
    DispatchChains.WaitForAsync(() => Task.FromResult(read()), done, timeout);

static void Print(string what, List<double> values, string verdict) =>
    Console.WriteLine($"{what}\n    n={values.Count}  p50={Percentile(values, 50):0.0} ms  "
        + $"p99={Percentile(values, 99):0.0} ms  max={values.Max():0.0} ms  {verdict}");

static double Percentile(List<double> values, int p) => Latencies.Percentile(values.Order().ToList(), p);

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}
