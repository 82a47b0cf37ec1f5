using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>
/// One agent finishing and the next one starting on the same branch at once, as a task's reviewer follows its executor.
/// </summary>
[Collection(nameof(ClaudeAgents))]
public sealed class HandOffTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private async Task<HttpResponseMessage> SpawnAsync(
        string projectId, string mode, string marker, string[] requiredOutputs) =>
        await Client.PostAsJsonAsync("/api/agents", new
        {
            mode, prompt = $"Scenario {marker}.", requiredOutputs,
            projects = new[]
            {
                new
                {
                    projectId,
                    branch = "cw/hand-task-1",
                    baseBranch = "main",
                    ensureBranches = Array.Empty<object>(),
                },
            },
        });

    /// <summary>
    /// Polls the published messages without pause: the next spawn comes the moment the completion is out.
    /// </summary>
    private async Task WaitForCompletionAsync(string agentId)
    {
        var waited = Stopwatch.StartNew();
        while (!Factory.Harness.Published.Select<AgentCompleted>().Any(c => c.Context.Message.AgentId == agentId))
        {
            if (waited.Elapsed > TimeSpan.FromSeconds(90)) Assert.Fail($"Agent {agentId} did not complete.");
            await Task.Delay(1);
        }
    }

    [Fact]
    public async Task A_reviewer_spawned_the_moment_the_executor_completes_works_on_the_same_branch()
    {
        _ = ClaudeCli.Path;
        var (id, name, _) = await Factory.RegisterProjectAsync(Origin.Path, "hand");
        var executor = $"m-{Ids.New()}";
        Factory.Api.Script(executor,
            // Thousands of files: giving the worktree up takes a while,
            // long enough for the next spawn to come meanwhile.
            Steps.Bash($"cd {name} && mkdir many && for i in $(seq 4000); do echo $i > many/$i.txt; done"
                + " && echo done > work.txt"
                + " && git add -A && git -c user.name=a -c user.email=a@a commit -q -m work"),
            Steps.Signal(new { status = "done", result = new { message = "implemented" } }), Steps.Say("Done."));
        var reviewer = $"m-{Ids.New()}";
        Factory.Api.Script(reviewer,
            Steps.Bash($"(git -C {name} rev-parse --abbrev-ref HEAD && cat {name}/work.txt) > .cw/output/seen.txt"),
            Steps.Signal(new { status = "done", result = new { message = "reviewed" } }), Steps.Say("Done."));

        var executed = await SpawnAsync(id, "execute", executor, []);
        Assert.Equal(HttpStatusCode.Created, executed.StatusCode);
        var executorId = (await executed.Content.ReadFromJsonAsync<AgentResponse>())!.Id;
        await WaitForCompletionAsync(executorId);
        var reviewed = await SpawnAsync(id, "review", reviewer, ["seen.txt"]);

        Assert.True(reviewed.StatusCode == HttpStatusCode.Created, await reviewed.Content.ReadAsStringAsync());
        var agent = (await reviewed.Content.ReadFromJsonAsync<AgentResponse>())!;
        await Factory.WaitForStatusAsync(Client, agent.Id, AgentStatuses.Stopped);
        var completed = Assert.Single(await Factory.PublishedAsync<AgentCompleted>(c => c.AgentId == agent.Id));
        Assert.Equal("cw/hand-task-1\ndone", completed.Outputs.Single(o => o.Path == "seen.txt").Content.Trim());
    }
}
