using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>The Agents service killed with SIGKILL while agents run, then started again on the same CW_HOME.</summary>
public sealed class RestartTests : IAsyncLifetime
{
    private readonly ServiceWithItsModel _agents = new("cw-agents-restart-");

    public Task InitializeAsync() => _agents.InitializeAsync();

    public Task DisposeAsync() => _agents.DisposeAsync();

    [Fact]
    public async Task Agents_survive_a_killed_service_and_finish_with_every_log_line_stored_once()
    {
        await _agents.Service.StartAsync();
        var client = _agents.Service.CreateClient();
        // One agent finishes while the service is down, two are still working when it comes back.
        var sleeps = new[] { 1, 25, 25 };
        var agents = new List<(string Marker, AgentResponse Agent)>();
        foreach (var sleep in sleeps)
        {
            var marker = $"m-{Ids.New()}";
            _agents.Model.Script(marker,
                Steps.Bash("for i in $(seq 1 200); do echo \"line $i of a chatty tool é✓\"; done; "
                    + $"timeout {sleep} tail -f /dev/null; true"),
                Steps.Write("work.txt", $"slept {sleep}\n"),
                Steps.Signal(new { status = "done", result = new { message = $"slept {sleep}" } }),
                Steps.Say("Done."));
            var response = await client.PostAsJsonAsync("/api/agents", new { prompt = $"Scenario {marker}." });
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            agents.Add((marker, (await response.Content.ReadFromJsonAsync<AgentResponse>())!));
        }
        foreach (var (marker, _) in agents)
            await Eventually.ValueAsync(
                () => Task.FromResult(_agents.Model.StepsServed(marker)), n => n >= 1, "every CLI started working",
                TimeSpan.FromSeconds(60));

        await _agents.Service.KillAsync();
        // Down until the short agent's CLI has exited on its own (its wrapper writes the exit code): the new service
        // must finalise it from disk, and re-attach to the two still working.
        var shortOne = agents[0].Agent;
        await Eventually.ValueAsync(
            () => Task.FromResult(File.Exists(Path.Combine(shortOne.WorktreeId, ".cw", "logs", "exit-code.1"))),
            exited => exited, "the short agent finished while the service was down", TimeSpan.FromSeconds(60));
        var restartedAt = DateTime.UtcNow;
        await _agents.Service.StartAsync();
        client = _agents.Service.CreateClient();

        foreach (var ((_, agent), sleep) in agents.Zip(sleeps))
        {
            var done = await Eventually.ValueAsync(
                () => client.GetFromJsonAsync<AgentResponse>($"/api/agents/{agent.Id}")!,
                a => a!.Status is AgentStatuses.Stopped or AgentStatuses.Crashed, $"{agent.Name} finished",
                TimeSpan.FromSeconds(90));
            Assert.Equal((AgentStatuses.Stopped, AgentReasons.TaskComplete), (done!.Status, done.StatusReason));
            // The short one finished while the service was down; the long ones were still working when it came back.
            var finishedAt = File.GetLastWriteTimeUtc(Path.Combine(done.WorktreeId, "work.txt"));
            Assert.True(
                sleep == 1 ? finishedAt < restartedAt : finishedAt > restartedAt,
                $"{agent.Name} (sleep {sleep}) wrote at {finishedAt:O}, restart {restartedAt:O}");

            // Stored chunks are the output file exactly: contiguous, no gap, no overlap, nothing twice.
            var chunks =
                (await client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{agent.Id}/logs?limit=10000"))!;
            var file = await File.ReadAllTextAsync(done.OutputFilePath!);
            Assert.Equal(0, chunks[0].Start);
            Assert.All(chunks.Zip(chunks.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
            Assert.Equal(file, string.Concat(chunks.Select(c => c.Content)));
            Assert.Contains("line 200 of a chatty tool", file);
            Assert.Contains("\"type\":\"result\"", file);
        }
    }
}
