using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// A service whose sessions may run 15 s: a session over time is stopped, classified timeout, and resumed.
/// </summary>
public sealed class ShortTimeoutFactory : AgentsFactory
{
    protected override IDictionary<string, string> Settings =>
        new Dictionary<string, string> { ["Agents:RunTimeout"] = "00:00:15" };
}

public sealed class TimeoutTests(ShortTimeoutFactory factory) : IClassFixture<ShortTimeoutFactory>
{
    [Fact]
    public async Task A_session_over_its_time_is_stopped_and_the_work_continues()
    {
        _ = ClaudeCli.Path;
        var client = factory.CreateAuthorizedClient();
        var marker = $"m-{Ids.New()}";
        factory.Api.Script(marker,
            Steps.Bash("timeout 120 tail -f /dev/null"),
            Steps.Signal(new { status = "done", result = new { message = "after the timeout" } }),
            Steps.Say("Done."));
        var response = await client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {marker}." });
        var agent = (await response.Content.ReadFromJsonAsync<AgentResponse>())!;

        var done = await factory.WaitForStatusAsync(client, agent.Id, AgentStatuses.Stopped, TimeSpan.FromSeconds(120));
        Assert.Equal(AgentReasons.TaskComplete, done.StatusReason);
        var sessions =
            (await client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{agent.Id}/sessions"))!;
        Assert.Equal(AgentReasons.Timeout, sessions[0].Outcome);
        Assert.Equal("done", sessions[^1].Outcome);
        // The CLI killed mid-tool never saved its first session,
        // so the resume finds nothing and a fresh session takes over.
        Assert.InRange(sessions.Length, 2, 3);
    }
}
