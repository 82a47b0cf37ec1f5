using System.Net;
using System.Net.Http.Json;
using Codewalkers.Agents.Apis;
using Codewalkers.Agents.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Projects;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Agents.Tests.Functional;

/// <summary>A deleted project leaves no clone and no worktree behind; a deleted agent leaves no directory.</summary>
[Collection(nameof(ClaudeAgents))]
public sealed class ProjectDeletionTests(AgentsFactory factory) : TestsWithOrigin(factory)
{
    private async Task<AgentResponse> SpawnAsync(string projectId, string branch, string marker)
    {
        var response = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = $"Scenario {marker}.",
            projects = new[] { new { projectId, branch, baseBranch = "main", ensureBranches = Array.Empty<object>() } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<AgentResponse>())!;
    }

    [Fact]
    public async Task Deleting_a_project_removes_finished_agents_worktrees_at_once_and_the_clone_once_the_last_agent_ends()
    {
        _ = ClaudeCli.Path;
        var (projectId, name, _) = await Factory.RegisterProjectAsync(Origin.Path, "del");

        // Finished, with uncommitted work left for a human: its worktree stays after the run.
        var dirty = $"m-{Ids.New()}";
        Factory.Api.Script(dirty,
            Steps.Write($"{name}/draft.txt", "not committed\n"),
            Steps.Signal(new { status = "done", result = new { message = "draft" } }),
            Steps.Say("Done."),
            Steps.Signal(new { status = "done", result = new { message = "still not committed" } }),
            Steps.Say("Done."));
        var finished = await SpawnAsync(projectId, "cw/del-task-1", dirty);
        finished = await Factory.WaitForStatusAsync(Client, finished.Id, AgentStatuses.Stopped);
        var finishedWorktree = Path.Combine(finished.WorktreeId, name);
        Assert.True(File.Exists(Path.Combine(finishedWorktree, "draft.txt")));

        // Still at work (waiting for an answer): its worktree and so the clone must stay for now.
        var asking = $"m-{Ids.New()}";
        Factory.Api.Script(asking,
            Steps.Signal(new { status = "questions", questions = new[] { new { id = "q1", question = "Go on?" } } }),
            Steps.Say("Waiting."));
        var live = await SpawnAsync(projectId, "cw/del-task-2", asking);
        live = await Factory.WaitForStatusAsync(Client, live.Id, AgentStatuses.WaitingForInput);
        var liveWorktree = Path.Combine(live.WorktreeId, name);
        var clone = Path.Combine(Factory.Home, "workspace", "repos", name);

        await Factory.Harness.Bus.Publish(new ProjectDeleted(projectId, 2, DateTimeOffset.UtcNow));
        await Eventually.TrueAsync(
            () => Factory.QueryAsync(db => db.Projects.AnyAsync(p => p.Id == projectId && p.IsDeleted)),
            "project tombstoned");
        Assert.False(Directory.Exists(finishedWorktree));
        Assert.True(Directory.Exists(clone));
        Assert.True(File.Exists(Path.Combine(liveWorktree, ".git")));
        var refused = await Client.PostAsJsonAsync("/api/agents", new
        {
            mode = "execute", prompt = "x",
            projects = new[]
            {
                new
                {
                    projectId,
                    branch = "cw/del-task-3",
                    baseBranch = "main",
                    ensureBranches = Array.Empty<object>(),
                },
            },
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await Client.GetAsync($"/api/workspace/projects/{projectId}/commits?base=main&head=main")).StatusCode);

        // A late registration (older version) does not bring it back.
        await Factory.Harness.Bus.Publish(
            new ProjectUpdated(projectId, name, Origin.Path, "main", 1, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync($"/api/agents/{live.Id}/stop", null)).StatusCode);
        await Eventually.TrueAsync(
            () => Task.FromResult(!Directory.Exists(clone)), "clone removed after the last agent ended",
            TimeSpan.FromSeconds(30));
        Assert.False(Directory.Exists(liveWorktree));

        // Deleting an agent removes its directory (its logs stay readable by id).
        Assert.Equal(HttpStatusCode.NoContent, (await Client.DeleteAsync($"/api/agents/{finished.Id}")).StatusCode);
        Assert.False(Directory.Exists(finished.WorktreeId));
        Assert.NotEmpty((await Client.GetFromJsonAsync<LogChunkResponse[]>($"/api/agents/{finished.Id}/logs"))!);
    }
}
