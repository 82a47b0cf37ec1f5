using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// The Agents service killed while an agent waits for capacity, then started again on the same CW_HOME: the agent
/// still waits (nothing launched it meanwhile), the thresholds set at runtime are still in force, and it launches once
/// they are lifted.
/// </summary>
public sealed class AdmissionRestartTests : IAsyncLifetime
{
    private readonly ServiceWithItsModel _agents = new("cw-agents-admission-");

    public Task InitializeAsync() => _agents.InitializeAsync();

    public Task DisposeAsync() => _agents.DisposeAsync();

    [Fact]
    public async Task An_agent_waiting_for_capacity_still_waits_after_a_restart_and_launches_when_capacity_is_lifted()
    {
        await _agents.Service.StartAsync();
        var client = _agents.Service.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/agents/capacity",
            new { minFreeMemoryMb = 1_000_000_000L, maxLoadPerCore = 1000 })).StatusCode);
        var marker = $"m-{Ids.New()}";
        _agents.Model.Script(marker, Steps.Signal(new { status = "done", result = new { message = "launched late" } }),
            Steps.Say("Done."));
        var spawned = (await (await client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {marker}." }))
            .Content.ReadFromJsonAsync<AgentResponse>())!;
        await Eventually.ValueAsync(() => client.GetFromJsonAsync<AgentResponse>($"/api/agents/{spawned.Id}")!,
            a => a!.Status == AgentStatuses.WaitingForCapacity, "waiting for capacity");

        await _agents.Service.KillAsync();
        await _agents.Service.StartAsync();
        client = _agents.Service.CreateClient();
        var capacity = (await client.GetFromJsonAsync<CapacityResponse>("/api/agents/capacity"))!;
        Assert.Equal((false, 1_000_000_000L), (capacity.Admitting, capacity.Thresholds.MinFreeMemoryMb));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var still = (await client.GetFromJsonAsync<AgentResponse>($"/api/agents/{spawned.Id}"))!;
        Assert.Equal(AgentStatuses.WaitingForCapacity, still.Status);
        Assert.StartsWith("free memory ", still.StatusReason);
        Assert.Null(_agents.Model.FirstRequest(marker));

        Assert.Equal(HttpStatusCode.OK,
            (await client.PutAsJsonAsync("/api/agents/capacity", new { maxLoadPerCore = 1000 })).StatusCode);
        var done = await Eventually.ValueAsync(
            () => client.GetFromJsonAsync<AgentResponse>($"/api/agents/{spawned.Id}")!,
            a => a!.Status is AgentStatuses.Stopped or AgentStatuses.Crashed, "the agent launched and finished",
            TimeSpan.FromSeconds(120));
        Assert.Equal((AgentStatuses.Stopped, AgentReasons.TaskComplete), (done!.Status, done.StatusReason));
    }
}
