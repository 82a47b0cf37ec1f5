using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// Three runners (real service processes) on one CW_HOME and one SQLite database, as <c>Agents__Replicas=3</c> on one
/// machine: each owns what it spawned, a restarted runner re-attaches only its own agents, and the agents of a runner
/// killed for good crash as runner_lost once its lease expires, each exactly once although two runners sweep.
/// </summary>
public sealed class RunnersTests : IAsyncLifetime
{
    // Long enough for a killed runner to start again on a machine under heavy load (a start took over 30 s at a load
    // of 90 on 2 cores): the test's restarted runner must come back within its lease.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);
    private readonly string _home = Directory.CreateTempSubdirectory("cw-agents-runners-").FullName;
    private FakeAnthropicApi _model = null!;
    private AgentsServiceProcess _a = null!, _b = null!, _c = null!;

    public async Task InitializeAsync()
    {
        _ = ClaudeCli.Path;
        _model = await FakeAnthropicApi.StartAsync();
        _a = Runner(null);
        _b = Runner("runner-b");
        _c = Runner("runner-c");
    }

    private AgentsServiceProcess Runner(string? id)
    {
        var settings = new Dictionary<string, string>
        {
            ["Agents__HeartbeatInterval"] = "00:00:00.500",
            ["Agents__RunnerLease"] = Lease.ToString(),
        };
        if (id is not null) settings["Agents__RunnerId"] = id;
        return new AgentsServiceProcess(_home, _model.BaseUrl, settings);
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _c.DisposeAsync();
        await _model.DisposeAsync();
        try { Directory.Delete(_home, recursive: true); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    [Fact]
    public async Task A_runner_keeps_its_own_agents_and_a_lost_runners_agents_crash_once_as_runner_lost()
    {
        // One after the other: the first creates the database and the token the others share.
        await _a.StartAsync();
        await _b.StartAsync();
        await _c.StartAsync();
        var ofA = await SpawnAsync(_a, sleepSeconds: 12);
        var ofB = await SpawnAsync(_b, sleepSeconds: 2);
        Assert.Equal((Codewalkers.Agents.Domain.Runner.DefaultId, "runner-b"), (ofA.Agent.RunnerId, ofB.Agent.RunnerId));
        // Each runner's workspace is its own: the default one where a single runner keeps it, the others under runners/.
        Assert.StartsWith(Path.Combine(_home, "workspace", "agents"), ofA.Agent.WorktreeId);
        Assert.StartsWith(Path.Combine(_home, "runners", "runner-b", "workspace", "agents"), ofB.Agent.WorktreeId);
        foreach (var marker in new[] { ofA.Marker, ofB.Marker })
            await Eventually.ValueAsync(() => Task.FromResult(_model.StepsServed(marker)), n => n >= 1,
                "both CLIs started working", TimeSpan.FromSeconds(60));
        var runners = await RunnersAsync(_c);
        Assert.Equal(["agents", "runner-b", "runner-c"], runners.Select(r => r.Id));
        Assert.All(runners, r => Assert.True(r.Alive, $"{r.Id} alive"));

        // A stop and a message sent to C for one of B's agents are carried out by B, which has its process and its
        // workspace: the resumed session is launched in B's workspace.
        var held = await SpawnAsync(_b, sleepSeconds: 300);
        await Eventually.ValueAsync(() => Task.FromResult(_model.StepsServed(held.Marker)), n => n >= 1,
            "the held agent started working", TimeSpan.FromSeconds(60));
        var viaC = _c.CreateClient();
        var stop = await viaC.PostAsync($"/api/agents/{held.Agent.Id}/stop", null);
        Assert.Equal(HttpStatusCode.OK, stop.StatusCode);
        Assert.Equal(AgentStatuses.Stopped, (await stop.Content.ReadFromJsonAsync<AgentResponse>())!.Status);
        var message = await viaC.PostAsJsonAsync($"/api/agents/{held.Agent.Id}/messages", new { message = "Go on." });
        Assert.Equal(HttpStatusCode.Accepted, message.StatusCode);
        var resumed = (await message.Content.ReadFromJsonAsync<AgentResponse>())!;
        Assert.Equal((AgentStatuses.Running, 2, "runner-b"), (resumed.Status, resumed.SessionNumber, resumed.RunnerId));
        Assert.True(File.Exists(Path.Combine(held.Agent.WorktreeId, ".cw", "logs", "launch.2")),
            "session 2 launched in B's workspace");

        // A and B die together; A comes back at once, within its lease, while B's agent ends with nobody watching it.
        await _a.KillAsync();
        await _b.KillAsync();
        await _a.StartAsync();
        var client = _a.CreateClient();

        // A re-attached its own agent and finished it; had it taken B's too, that one would be stopped (task_complete)
        // from its exit code and signal as soon as it ended, not crashed later as runner_lost.
        var doneA = await EndedAsync(client, ofA.Agent.Id);
        Assert.Equal((AgentStatuses.Stopped, AgentReasons.TaskComplete), (doneA.Status, doneA.StatusReason));
        var lostB = await EndedAsync(client, ofB.Agent.Id);
        Assert.Equal((AgentStatuses.Crashed, AgentReasons.RunnerLost), (lostB.Status, lostB.StatusReason));

        // A and C both swept; B's agent crashed once: one event, one version step.
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await StatusEventsAsync(ofB.Agent.Id, AgentReasons.RunnerLost));
        var after = (await client.GetFromJsonAsync<AgentResponse>($"/api/agents/{ofB.Agent.Id}"))!;
        Assert.Equal((AgentStatuses.Crashed, AgentReasons.RunnerLost), (after.Status, after.StatusReason));
        runners = await RunnersAsync(_c);
        var b = Assert.Single(runners, r => r.Id == "runner-b");
        Assert.False(b.Alive);
        Assert.NotNull(b.LostAt);
        Assert.All(runners.Where(r => r.Id != "runner-b"), r => Assert.True(r.Alive, $"{r.Id} alive"));
    }

    private async Task<(string Marker, AgentResponse Agent)> SpawnAsync(AgentsServiceProcess runner, int sleepSeconds)
    {
        var marker = $"m-{Ids.New()}";
        _model.Script(marker,
            Steps.Bash($"sleep {sleepSeconds}; true"),
            Steps.Write("work.txt", "done\n"),
            Steps.Signal(new { status = "done", result = new { message = "slept" } }),
            Steps.Say("Done."));
        var response = await runner.CreateClient().PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {marker}." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (marker, (await response.Content.ReadFromJsonAsync<AgentResponse>())!);
    }

    private static async Task<AgentResponse> EndedAsync(HttpClient client, string id) =>
        (await Eventually.ValueAsync(() => client.GetFromJsonAsync<AgentResponse>($"/api/agents/{id}")!,
            a => a!.Status is AgentStatuses.Stopped or AgentStatuses.Crashed, $"agent {id} ended",
            TimeSpan.FromSeconds(150)))!;

    private static async Task<RunnersApi.RunnerResponse[]> RunnersAsync(AgentsServiceProcess runner) =>
        (await runner.CreateClient().GetFromJsonAsync<RunnersApi.RunnerResponse[]>("/api/agents/runners"))!;

    /// <summary>
    /// The AgentStatusChanged rows of the agent with <paramref name="reason"/> in the shared outbox (the broker is
    /// unreachable here, so every row written is still there).
    /// </summary>
    private async Task<long> StatusEventsAsync(string agentId, string reason)
    {
        await using var connection = _a.OpenDatabase();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM outbox_messages WHERE \"MessageType\" LIKE '%AgentStatusChanged%' "
            + "AND \"Body\" LIKE @agent AND \"Body\" LIKE @reason";
        foreach (var (name, value) in new[] { ("agent", $"%{agentId}%"), ("reason", $"%\"{reason}\"%") })
        {
            var parameter = command.CreateParameter();
            (parameter.ParameterName, parameter.Value) = (name, value);
            command.Parameters.Add(parameter);
        }
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
