using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Codewalkers.Web.Benchmarks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Codewalkers.Web.Benchmarks.Figures;

// The web app in a real browser (Debian's chromium, headless, driven by Playwright), against the whole system started
// from the real AppHost: (1) first loads of the initiative view and of its plan tab with a large plan, against the
// app's smallest page; (2) agent output from the CLI writing a line to the agent page showing it, against the same
// lines read straight from the gateway's server-sent events. Baselines are measured in the same run.

var loads = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10;
var ticks = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
const int WarmUps = 2, Phases = 50, TasksPerPhase = 40;

var home = Directory.CreateTempSubdirectory("cw-bench-web-").FullName;
var goFile = Path.Combine(home, "go");
var screenshots = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "cw-bench-web-screenshots")).FullName;

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
    [$"--CW_HOME={home}", $"--Gateway:Port={FreePort()}"]);
builder.Services.AddLogging(logging => logging
    .SetMinimumLevel(LogLevel.Warning)
    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
builder.CreateResourceBuilder(builder.Resources.OfType<IResourceWithEnvironment>().Single(r => r.Name == "agents"))
    .WithEnvironment("Agents__Executables__claude", StreamingAgent.Write(home))
    .WithEnvironment("Agents__Environment__BENCH_GO", goFile);
await using var app = await builder.BuildAsync();
using (var startup = new CancellationTokenSource(TimeSpan.FromMinutes(5)))
{
    await app.StartAsync(startup.Token);
    await app.ResourceNotifications.WaitForResourceHealthyAsync("gateway", startup.Token);
}
var gateway = app.GetEndpoint("gateway", "http");
var token = File.ReadAllText(Path.Combine(home, "token")).Trim();
using var api = new GatewayClient(gateway, token);

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(new()
{
    ExecutablePath = "/usr/bin/chromium", Headless = true,
    // Root needs --no-sandbox; /dev/shm is small in containers.
    Args = ["--no-sandbox", "--disable-dev-shm-usage"],
});
var signedIn = await SignInAsync();
var loadBefore = File.ReadAllText("/proc/loadavg").Trim();

// 1. First loads.
var plan = await BigPlan.CreateAsync(api, "Web benchmark initiative", Phases, TasksPerPhase);
PageTarget notFound = new("baseline", "/not-found", "There is nothing at this address");
PageTarget initiative = new("initiative view", $"/initiatives/{plan.InitiativeId}", plan.Name);
PageTarget planTab = new("plan tab", $"/initiatives/{plan.InitiativeId}/plan", plan.LastPhaseName);
var pages = await new PageLoads(browser, gateway, signedIn, screenshots)
    .MeasureAsync([notFound, initiative, planTab], WarmUps, loads);

// 2. Agent output. A short agent first, not counted: the first stream through a fresh web app and browser pays
// for compiling its code paths.
await StreamAsync(Math.Min(30, ticks));
var output = await StreamAsync(ticks);

Console.WriteLine("Web first load: a fresh browser context, signed in; from the navigation to the page interactive "
    + "(circuit on) with its text visible");
Console.WriteLine($"  {loads} loads each after {WarmUps} warm-ups, interleaved; the plan has {Phases} phases x "
    + $"{TasksPerPhase} tasks (made through the API in {plan.Took.TotalSeconds:0} s)");
var baselineLoads = Ready(pages[notFound]);
Console.WriteLine($"  baseline, {notFound.Path} (the app's smallest page)\n    {Line(baselineLoads, 50, 90)}");
PrintSteps(pages[notFound]);
PrintLoad("initiative view /initiatives/{id}", pages[initiative], 1000);
PrintLoad($"plan tab /initiatives/{{id}}/plan, until \"{plan.LastPhaseName}\" shows", pages[planTab], 1500);

Console.WriteLine($"Agent output: the CLI writes \"tick N at T\" -> seen ({ticks} lines, one every ~100 ms)");
Console.WriteLine($"  baseline, SSE straight from the gateway (/api/agents/{{id}}/output): {output.Direct.Count} of "
    + $"{ticks} seen\n    {Line(Latencies(output.Direct), 50, 99)}");
PrintOutput("browser, /agents/{id}, in the document", output.InDocument, "target p99 < 250 ms: ");
PrintOutput("browser, painted (the next animation frame)", output.Painted, "");
if (output.InDocument.Count < ticks)
    Console.WriteLine($"  the agent page showed {output.InDocument.Count} of {ticks} ticks; screenshot: {output.Shot}");

Console.WriteLine($"Load average (1, 5, 15 min) at the start: {loadBefore}; at the end: "
    + File.ReadAllText("/proc/loadavg").Trim());
await app.StopAsync();
try { Directory.Delete(home, recursive: true); } catch (IOException) { }
return 0;

async Task<string> SignInAsync()
{
    await using var context = await browser.NewContextAsync(new() { BaseURL = gateway.ToString() });
    var page = await context.NewPageAsync();
    var console = new List<string>();
    page.Console += (_, message) => console.Add($"{message.Type}: {message.Text}");
    page.Response += (_, response) =>
    {
        if (response.Status >= 400) console.Add($"{response.Status} {response.Request.Method} {response.Url}");
    };
    await page.GotoAsync($"/?token={Uri.EscapeDataString(token)}");
    try
    {
        await page.Locator("#circuit[data-circuit=on]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
    }
    catch (TimeoutException)
    {
        var shot = Path.Combine(screenshots, "sign-in.png");
        await page.ScreenshotAsync(new() { Path = shot, FullPage = true });
        throw new TimeoutException($"Signed in at {page.Url}, but the page never became interactive; screenshot: "
            + $"{shot}; the console said:\n{string.Join('\n', console)}");
    }
    return await context.StorageStateAsync();
}

// One agent talking: the gateway reader and the agent page both listen before the agent is let go.
async Task<OutputRun> StreamAsync(int count)
{
    File.Delete(goFile);
    var agent = await api.PostAsync("/api/agents", new
    {
        mode = "execute", prompt = "Web benchmark: talk.", projects = Array.Empty<object>(),
        inputFiles = Array.Empty<object>(), requiredOutputs = Array.Empty<string>(),
    });
    var agentId = agent.GetProperty("id").GetString()!;
    using var stream = api.CreateStreamClient();
    using var direct = await GatewayOutputReader.ConnectAsync(stream, agentId);
    await using var watch = await OutputWatch.OpenAsync(browser, gateway, signedIn, agentId);
    // The page is interactive; give its component the moment it takes to subscribe to the output.
    await Task.Delay(TimeSpan.FromSeconds(2));
    StreamingAgent.Go(goFile, count);
    var read = await direct.ReadUntilResultAsync(TimeSpan.FromSeconds(count * 0.1 + 60));
    var (inDocument, painted) = await watch.CollectAsync(count, TimeSpan.FromSeconds(10));
    var shot = Path.Combine(screenshots, "agent-output.png");
    await watch.ScreenshotAsync(shot);
    return new OutputRun(read, inDocument, painted, shot);
}

void PrintLoad(string what, List<PageLoad> loaded, double targetMs)
{
    var values = Ready(loaded);
    Console.WriteLine($"  {what}\n    {Line(values, 50, 90)}  ratio {Ratio(values, baselineLoads, 50)}, "
        + $"{Ratio(values, baselineLoads, 90)} the baseline  target < {targetMs:0} ms: "
        + $"{Verdict(values, 50, targetMs)}, {Verdict(values, 90, targetMs)}");
    PrintSteps(loaded);
}

// Where a load's time goes, at the median of each step (the steps' medians come from different loads).
static void PrintSteps(List<PageLoad> loaded) =>
    Console.WriteLine("    of which (p50): server-rendered HTML in "
        + $"{Percentile([.. loaded.Select(l => l.Html)], 50):0} ms, "
        + $"circuit on {Percentile([.. loaded.Select(l => l.Interactive)], 50):0} ms");

static List<double> Ready(List<PageLoad> loaded) => [.. loaded.Select(l => l.Ready)];

void PrintOutput(string what, List<Tick> seen, string target)
{
    if (seen.Count == 0)
    {
        Console.WriteLine($"  {what}: none of the {ticks} ticks seen");
        return;
    }
    var values = Latencies(seen);
    var baseline = Latencies(output.Direct);
    Console.WriteLine($"  {what}: {seen.Count} of {ticks} seen\n    {Line(values, 50, 99)}  ratio "
        + $"{Ratio(values, baseline, 50)}, {Ratio(values, baseline, 99)} the baseline"
        + (target.Length > 0 ? $"  {target}{Verdict(values, 99, 250)}" : ""));
}

static List<double> Latencies(List<Tick> seen) => [.. seen.Select(t => t.LatencyMs)];

static int FreePort()
{
    using var listener = new TcpListener(IPAddress.Loopback, 0);
    listener.Start();
    return ((IPEndPoint)listener.LocalEndpoint).Port;
}

/// <summary>One agent's ticks: read from the gateway, appeared in the page's document, painted; a screenshot.</summary>
internal sealed record OutputRun(List<Tick> Direct, List<Tick> InDocument, List<Tick> Painted, string Shot);
