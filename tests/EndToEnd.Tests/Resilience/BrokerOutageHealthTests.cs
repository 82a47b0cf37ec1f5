using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Codewalkers.EndToEnd.Tests.Resilience;

/// <summary>
/// The running system with its broker frozen (SIGSTOP: sockets open, nothing answers, as a hung broker): the services
/// notice by the missed heartbeats and the gateway's /health says so. The broker is thawed before the test ends.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class BrokerOutageHealthTests(CodewalkersApp app)
{
    [Fact]
    public async Task The_gateway_health_turns_non_healthy_while_the_broker_is_frozen_and_healthy_after()
    {
        using var client = app.CreateClient(authenticated: false);
        await WaitForHealthAsync(client, body => body == "Healthy", TimeSpan.FromSeconds(60));
        var broker = BrokerProcesses();

        var frozen = Stopwatch.StartNew();
        Signal(broker, SigStop);
        string during;
        try
        {
            during = await WaitForHealthAsync(client,
                body => !body.StartsWith("Healthy", StringComparison.Ordinal), TimeSpan.FromSeconds(40));
        }
        finally
        {
            Signal(broker, SigCont);
        }
        var noticedAfter = frozen.Elapsed;

        Assert.Matches("^(Degraded|Unhealthy)\n", during);
        Assert.Contains("masstransit-bus", during);
        Assert.True(noticedAfter < TimeSpan.FromSeconds(30), $"noticed after {noticedAfter}");
        // Back to normal for the tests that follow.
        await WaitForHealthAsync(client, body => body == "Healthy", TimeSpan.FromSeconds(90));
    }

    [Theory]
    [InlineData("/api/projects/%00abc")]
    [InlineData("/api/agents/a%00/output")]
    [InlineData("/%00")]
    public async Task A_path_the_server_cannot_read_is_a_400_problem(string path)
    {
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
        Assert.Equal(400, problem!.Status);
        Assert.Contains("%00", problem.Detail);
    }

    private static async Task<string> WaitForHealthAsync(HttpClient client, Func<string, bool> until, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        var body = "";
        while (waited.Elapsed < timeout)
        {
            try
            {
                using var response = await client.GetAsync("/health");
                body = (await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n");
                if (until(body)) return body;
            }
            catch (HttpRequestException ex) { body = ex.Message; }
            catch (TaskCanceledException ex) { body = ex.Message; }
            await Task.Delay(500);
        }
        Assert.Fail($"Not within {timeout.TotalSeconds} s; /health said: {body}");
        return body;
    }

    /// <summary>
    /// The broker resource's process and its descendants (the server script may run the Erlang VM as a child).
    /// </summary>
    private List<int> BrokerProcesses()
    {
        Assert.True(app.App.ResourceNotifications.TryGetCurrentState("messaging", out var state),
            "no 'messaging' resource");
        var pid = state!.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value;
        var root = Convert.ToInt32(pid, CultureInfo.InvariantCulture);
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var id)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                parents[id] = int.Parse(
                    stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
            }
            catch (IOException) { }
        }
        var tree = new List<int> { root };
        for (var i = 0; i < tree.Count; i++)
            tree.AddRange(parents.Where(p => p.Value == tree[i]).Select(p => p.Key));
        return tree;
    }

    private static void Signal(IEnumerable<int> pids, int signal)
    {
        foreach (var pid in pids) _ = SendSignal(pid, signal);
    }

    private const int SigStop = 19;
    private const int SigCont = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int signal);
}
