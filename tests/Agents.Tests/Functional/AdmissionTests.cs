using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// A service that asks for more free memory than any machine has (Agents:Admission:MinFreeMemoryMb = 10^9; the load is
/// lifted for every test service), measures
/// again every 200 ms, and hands out ports from ten ranges of its own.
/// </summary>
public sealed class ShortOfCapacityFactory : AgentsFactory
{
    public int FirstPort { get; } = 20000 + 10 * Random.Shared.Next(0, 990);

    public int LastPort => FirstPort + 99;

    protected override IDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Agents:Admission:MinFreeMemoryMb"] = "1000000000",
        ["Agents:Admission:RecheckInterval"] = "00:00:00.200",
        ["Agents:Ports:First"] = FirstPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Agents:Ports:Last"] = LastPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}

/// <summary>
/// Admission by capacity and ports per agent, with the real Claude CLI: a spawn the machine has no room for waits
/// (not launched) with the measured reason, and launches by itself once the thresholds are lowered at runtime, never
/// beyond the running limit; agents running at once see different CW_PORT_BASE ranges, and a range comes back only
/// after its agent ended.
/// </summary>
public sealed class AdmissionTests(ShortOfCapacityFactory factory) : IClassFixture<ShortOfCapacityFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task Short_of_capacity_a_spawn_waits_with_its_reason_and_launches_once_thresholds_are_lowered_within_the_running_limit()
    {
        _ = ClaudeCli.Path;
        // No runtime thresholds (another test of the class may have set some): the configured ones hold.
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsJsonAsync("/api/agents/capacity", new { })).StatusCode);
        var go = Path.Combine(factory.Home, $"go-{Ids.New()}");
        var (first, second) = ($"m-{Ids.New()}", $"m-{Ids.New()}");
        factory.Api.Script(first, HoldUntil(go), Done(), Steps.Say("Done."));
        factory.Api.Script(second, Steps.Bash("echo $CW_PORT_BASE > port.txt"), Done(), Steps.Say("Done."));

        var a = await SpawnAsync(first);
        var b = await SpawnAsync(second);
        var waiting = await factory.WaitForStatusAsync(_client, a.Id, AgentStatuses.WaitingForCapacity);
        Assert.Matches(@"^free memory \d+ MB < 1000000000 MB$", waiting.StatusReason);
        Assert.Equal(((int?)null, (int?)null), (waiting.Pid, waiting.PortBase));
        await factory.WaitForStatusAsync(_client, b.Id, AgentStatuses.WaitingForCapacity);
        var announced = await factory.PublishedAsync<AgentStatusChanged>(
            m => m.AgentId == a.Id && m.To == AgentStatuses.WaitingForCapacity);
        Assert.Equal((AgentStatuses.Idle, true),
            (announced[0].From, announced[0].Reason.StartsWith("free memory ", StringComparison.Ordinal)));

        var queue = (await _client.GetFromJsonAsync<WaitingAgentResponse[]>("/api/agents/waiting?for=capacity"))!;
        Assert.Equal([a.Id, b.Id], queue.Select(q => q.Id));
        Assert.All(queue, q => Assert.Equal(AgentStatuses.WaitingForCapacity, q.Status));
        Assert.DoesNotContain((await _client.GetFromJsonAsync<WaitingAgentResponse[]>("/api/agents/waiting"))!,
            q => q.Id == a.Id);
        var capacity = (await _client.GetFromJsonAsync<CapacityResponse>("/api/agents/capacity"))!;
        Assert.Equal((false, 1_000_000_000L, 2), (capacity.Admitting, capacity.Thresholds.MinFreeMemoryMb,
            capacity.WaitingAgents));
        Assert.StartsWith($"free memory {capacity.Measured.FreeMemoryMb} MB < 1000000000 MB", capacity.Reason);

        // Several re-checks later still nothing launched: no process, nothing asked of the model.
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(AgentStatuses.WaitingForCapacity, (await factory.GetAgentAsync(_client, a.Id)).Status);
        Assert.False(File.Exists(Path.Combine(a.WorktreeId, ".cw", "logs", "pid.1")));
        Assert.Null(factory.Api.FirstRequest(first));

        // Lowered at runtime, one running agent at most: the oldest launches, the other waits for it.
        var lowered = await _client.PutAsJsonAsync("/api/agents/capacity",
            new { minFreeMemoryMb = 0, maxLoadPerCore = 1000, minFreeDiskMb = 0, maxRunningAgents = 1 });
        Assert.Equal(HttpStatusCode.OK, lowered.StatusCode);
        await factory.WaitForStatusAsync(_client, a.Id, AgentStatuses.Running);
        var held = await Eventually.ValueAsync(() => factory.GetAgentAsync(_client, b.Id),
            agent => agent.StatusReason == "running agents 1 >= limit 1", "the second agent held by the limit");
        Assert.Equal((AgentStatuses.WaitingForCapacity, (int?)null), (held.Status, held.Pid));
        var portA = await PortSeenByAsync(a);
        Assert.Equal(portA, (await factory.GetAgentAsync(_client, a.Id)).PortBase);
        Assert.InRange(portA, factory.FirstPort, factory.LastPort - 9);
        Assert.Contains("$CW_PORT_BASE to $CW_PORT_BASE+9", factory.Api.FirstRequest(first));
        Assert.Equal(AgentStatuses.WaitingForCapacity, (await factory.GetAgentAsync(_client, b.Id)).Status);

        File.WriteAllText(go, "");
        var doneA = await factory.WaitForStatusAsync(_client, a.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(120));
        Assert.Null(doneA.PortBase);
        var doneB = await factory.WaitForStatusAsync(_client, b.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(120));
        Assert.Equal(AgentReasons.TaskComplete, doneB.StatusReason);
        // The first agent's range came back when it ended, and is the lowest free one again.
        Assert.Equal(portA, await PortSeenByAsync(b));
    }

    [Fact]
    public async Task Agents_running_at_once_get_their_own_port_ranges_skipping_one_someone_listens_in()
    {
        _ = ClaudeCli.Path;
        await LiftThresholdsAsync();
        // Someone else's server inside the first range: no agent is given that range.
        using var squatter = new TcpListener(IPAddress.Loopback, factory.FirstPort + 3);
        squatter.Start();
        var go = Path.Combine(factory.Home, $"go-{Ids.New()}");
        var (first, second) = ($"m-{Ids.New()}", $"m-{Ids.New()}");
        factory.Api.Script(first, HoldUntil(go), Done(), Steps.Say("Done."));
        factory.Api.Script(second, HoldUntil(go), Done(), Steps.Say("Done."));

        var c = await SpawnAsync(first);
        var d = await SpawnAsync(second);
        var (portC, portD) = (await PortSeenByAsync(c), await PortSeenByAsync(d));
        Assert.Equal(AgentStatuses.Running, (await factory.GetAgentAsync(_client, c.Id)).Status);
        Assert.Equal(AgentStatuses.Running, (await factory.GetAgentAsync(_client, d.Id)).Status);
        Assert.True(Math.Abs(portC - portD) >= 10, $"ranges {portC} and {portD} overlap");
        Assert.All([portC, portD], port =>
        {
            Assert.InRange(port, factory.FirstPort + 10, factory.LastPort - 9);
            Assert.Equal(0, (port - factory.FirstPort) % 10);
        });

        File.WriteAllText(go, "");
        await factory.WaitForStatusAsync(_client, c.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(120));
        await factory.WaitForStatusAsync(_client, d.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task Thresholds_that_make_no_sense_are_refused_naming_each()
    {
        var response = await _client.PutAsJsonAsync("/api/agents/capacity",
            new { minFreeMemoryMb = -1, maxLoadPerCore = 0, minFreeDiskMb = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadAsStringAsync();
        Assert.Contains("minFreeMemoryMb", problem);
        Assert.Contains("maxLoadPerCore", problem);
        Assert.Equal(HttpStatusCode.BadRequest,
            (await _client.GetAsync("/api/agents/waiting?for=everything")).StatusCode);
    }

    private Task LiftThresholdsAsync() => _client.PutAsJsonAsync("/api/agents/capacity",
        new { minFreeMemoryMb = 0, maxLoadPerCore = 1000, minFreeDiskMb = 0, maxRunningAgents = 0 });

    /// <summary>Writes the agent's CW_PORT_BASE to port.txt, then keeps it running until the test creates the file.</summary>
    private static Func<string, Reply> HoldUntil(string go) =>
        Steps.Bash($"echo $CW_PORT_BASE > port.txt && while [ ! -f '{go}' ]; do sleep 0.1; done");

    private static Func<string, Reply> Done() =>
        Steps.Signal(new { status = "done", result = new { message = "Used my ports." } });

    private async Task<AgentResponse> SpawnAsync(string marker)
    {
        var response = await _client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {marker}." });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }

    private static async Task<int> PortSeenByAsync(AgentResponse agent)
    {
        var file = Path.Combine(agent.WorktreeId, "port.txt");
        var text = await Eventually.ValueAsync(
            () => Task.FromResult(File.Exists(file) ? File.ReadAllText(file).Trim() : ""),
            t => t.Length > 0, $"{agent.Name} wrote its CW_PORT_BASE", TimeSpan.FromSeconds(90));
        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}
