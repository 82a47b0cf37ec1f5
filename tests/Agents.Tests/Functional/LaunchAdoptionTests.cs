using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Providers;
using Codewalkers.Agents.Supervision;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Agents.Workspace;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// The service died after starting a CLI but before saving its pid: the next attempt adopts that run.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class LaunchAdoptionTests(AgentsFactory factory)
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task A_cli_launched_by_a_service_that_died_before_saving_it_is_adopted_not_launched_twice()
    {
        _ = ClaudeCli.Path;
        var marker = $"m-{Ids.New()}";
        factory.Api.Script(marker,
            Steps.Bash("sleep 2"),
            Steps.Write("once.txt", "written once\n"),
            Steps.Signal(new { status = "done", result = new { message = "ran once" } }),
            Steps.Say("Done."));
        var workspace = factory.Services.GetRequiredService<AgentFiles>();
        var id = Ids.New();
        var name = $"adopted-{id[..6].ToLowerInvariant()}";
        var paths = workspace.PathsFor(name);
        var prompt = $"Scenario {marker}.";
        var agent = Agent.Create(id, name, Ids.New(), "execute", "claude",
            new AgentContext(null, null, null, null), paths.Root, prompt, [], DateTimeOffset.UtcNow);

        // What the supervisor does first (launch session 1), then the "crash":
        // the idle record is all the database knows.
        Directory.CreateDirectory(paths.Logs);
        var launched = await factory.Services.GetRequiredService<AgentLauncher>()
            .LaunchAsync(
                agent, factory.Services.GetRequiredService<ProviderCatalog>().Get("claude"), prompt,
                resume: false, session: 1, configDir: null, accountId: null, CancellationToken.None);
        await Eventually.TrueAsync(
            () => Task.FromResult(ProcessLauncher.ReadPid(paths.PidFile(1)) == launched.Pid),
            "the wrapper recorded its pid");
        await factory.QueryAsync(async db => { db.Agents.Add(agent); return await db.SaveChangesAsync(); });
        factory.Services.GetRequiredService<AgentSupervisor>().Wake();

        var running = await factory.WaitForStatusAsync(_client, id, AgentStatuses.Running);
        Assert.Equal(launched.Pid, running.Pid);
        var done = await factory.WaitForStatusAsync(_client, id, AgentStatuses.Stopped);
        Assert.Equal(AgentReasons.TaskComplete, done.StatusReason);
        Assert.Equal("written once\n", File.ReadAllText(Path.Combine(paths.Root, "once.txt")));
        // A second CLI would have asked the fake API for more steps than the script has, and printed a second init.
        Assert.Equal(4, factory.Api.StepsServed(marker));
        var logs = string.Concat(
            (await _client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{id}/logs"))!.Select(c => c.Content));
        Assert.Single(logs.Split('\n'), line => line.Contains("\"subtype\":\"init\""));
        Assert.Single((await _client.GetFromJsonAsync<AgentsApi.SessionResponse[]>($"/api/agents/{id}/sessions"))!);
    }
}
