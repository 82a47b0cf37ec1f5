using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Domain;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

[CollectionDefinition(nameof(ClaudeAgents))]
public sealed class ClaudeAgents : ICollectionFixture<AgentsFactory>;

/// <summary>The real Claude CLI, driven by the fake Messages API, run by the Agents service.</summary>
[Collection(nameof(ClaudeAgents))]
public sealed class ClaudeAgentTests(AgentsFactory factory) : IDisposable
{
    private readonly TestRepository _repo = new();
    private readonly HttpClient _client = factory.CreateAuthorizedClient();
    private readonly string _cli = ClaudeCli.Path;

    public void Dispose() => _repo.Dispose();

    private async Task<string> RegisterProjectAsync()
    {
        var id = Ids.New();
        await factory.Harness.Bus.Publish(new ProjectRegistered(id, $"app-{id[..6]}", _repo.Path, "main", 1, DateTimeOffset.UtcNow));
        await Eventually.ValueAsync(() => factory.QueryAsync(db => db.Projects.AnyAsync(p => p.Id == id)), found => found, "project view");
        return id;
    }

    private async Task<AgentResponse> SpawnAsync(string marker, string? projectId = null, string branch = "cw/demo-task-1", string[]? required = null)
    {
        var response = await _client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute",
            prompt = $"Scenario {marker}: implement the task.",
            taskId = "task-1",
            projects = projectId is null ? Array.Empty<object>() : [new { projectId, branch, baseBranch = "main", ensureBranches = Array.Empty<object>() }],
            inputFiles = new[] { new { path = "task.md", content = "---\nid: task-1\n---\nWrite hello for {AGENT_NAME}.", isContext = false } },
            requiredOutputs = required ?? [],
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }

    [Fact]
    public async Task A_spawned_agent_writes_and_commits_files_then_signals_done_and_completes()
    {
        var projectId = await RegisterProjectAsync();
        var project = await factory.QueryAsync(db => db.Projects.SingleAsync(p => p.Id == projectId));
        var marker = $"m-{Ids.New()}";
        factory.Api.Script(marker,
            Steps.Write($"{project.Name}/hello.txt", "hello from the agent\n"),
            Steps.Bash($"cd {project.Name} && git add hello.txt && git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add hello'"),
            Steps.Write(".cw/output/summary.json", """{"files":["hello.txt"]}"""),
            Steps.Signal(new { status = "done", result = new { message = "Added hello.txt" } }),
            Steps.Say("All done."));

        var agent = await SpawnAsync(marker, projectId, required: ["summary.json"]);
        var done = await factory.WaitForStatusAsync(_client, agent.Id, AgentStatus.Stopped);

        Assert.Equal(AgentReasons.TaskComplete, done.StatusReason);
        Assert.NotNull(done.SessionId);
        var worktree = Path.Combine(done.WorktreeId, project.Name);
        Assert.Equal("hello from the agent\n", File.ReadAllText(Path.Combine(worktree, "hello.txt")));
        Assert.Equal("cw/demo-task-1", _repo.Git("-C", worktree, "rev-parse", "--abbrev-ref", "HEAD"));
        Assert.Equal("Add hello", _repo.Git("-C", worktree, "log", "-1", "--format=%s"));
        Assert.Contains($"Write hello for {agent.Name}.", File.ReadAllText(Path.Combine(done.WorktreeId, ".cw/input/task.md")));

        Assert.True(await factory.Harness.Published.Any<AgentCompleted>(m => m.Context.Message.AgentId == agent.Id));
        var completed = factory.Harness.Published.Select<AgentCompleted>(m => m.Context.Message.AgentId == agent.Id).Single().Context.Message;
        Assert.Equal(("done", "Added hello.txt", "task-1"), (completed.Outcome, completed.Summary, completed.Context.TaskId));
        Assert.Contains(completed.Outputs, o => o.Path == "summary.json" && o.Content.Contains("hello.txt"));
        var changes = factory.Harness.Published.Select<AgentStatusChanged>(m => m.Context.Message.AgentId == agent.Id)
            .Select(m => m.Context.Message).OrderBy(m => m.Version).Select(m => $"{m.From}->{m.To}:{m.Reason}").ToArray();
        Assert.Equal(["idle->running:spawned", "running->stopped:task_complete"], changes);

        var logs = await _client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{agent.Id}/logs");
        var text = string.Concat(logs!.Select(l => l.Content));
        Assert.Contains("\"type\":\"result\"", text);
        Assert.Contains("\"type\":\"system\"", text);
    }
}
