using System.Net;
using System.Net.Http.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;
using Xunit.Abstractions;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// Work is never lost, through the gateway with the real Claude CLI: an agent leaves a file uncommitted and is
/// deleted; the saved work is listed (API and cw) and restored to a branch that has the file.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class WorkNeverLostTests(CodewalkersApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task A_deleted_agents_uncommitted_file_is_saved_listed_and_restored_to_a_branch()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var project = await client.RegisterProjectAsync(Api.Unique("lost"), repo.Path);
        var marker = Api.Unique("lost");
        app.Model.Script(marker,
            Steps.Bash($"cd {project.Name} && echo 'notes worth keeping' > notes.txt"),
            Steps.Bash("timeout 300 tail -f /dev/null"),
            Steps.Say("Done."));

        // Spawned once the Agents service has heard of the project (ProjectRegistered goes through the bus).
        var spawned = await Eventually.ValueAsync(async () =>
            {
                using var response = await client.PostAsJsonAsync("/api/agents", new
                {
                    mode = "execute", prompt = $"Scenario {marker}.", inputFiles = Array.Empty<object>(),
                    requiredOutputs = Array.Empty<string>(),
                    projects = new[]
                    {
                        new { projectId = project.Id, branch = $"cw/{marker}", baseBranch = "main",
                            ensureBranches = Array.Empty<object>() },
                    },
                });
                return response.StatusCode == HttpStatusCode.Created
                    ? await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()
                    : (System.Text.Json.JsonElement?)null;
            },
            agent => agent is not null, "agent spawned", TimeSpan.FromSeconds(60));
        var agentId = spawned!.Value.Str("id");
        var notes = Path.Combine(spawned.Value.Str("worktreeId"), project.Name, "notes.txt");
        await Eventually.TrueAsync(() => Task.FromResult(File.Exists(notes)), "the agent's uncommitted file",
            ErrandApi.Patience);

        await client.PostJsonAsync($"/api/agents/{agentId}/stop");
        using (var deleted = await client.DeleteAsync($"/api/agents/{agentId}"))
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.False(File.Exists(notes));

        var saved = (await client.GetJsonAsync("/api/workspace/saved")).Items()
            .Single(s => s.Str("agentId") == agentId);
        Assert.Equal(project.Id, saved.Str("projectId"));
        var listed = (await app.CwAsync("workspace", "saved")).Succeeded().Out;
        output.WriteLine(listed);
        Assert.Contains(saved.Str("ref"), listed);

        var branch = $"rescued-{marker}";
        var restored = (await app.CwAsync("workspace", "restore", saved.Str("ref"), branch, "--json")).Succeeded().Json;
        Assert.Equal(branch, restored.Str("branch"));
        var diff = await client.GetJsonAsync(
            $"/api/workspace/projects/{project.Id}/diff?base=main&head={Uri.EscapeDataString(branch)}");
        Assert.Equal(["notes.txt"], diff.GetProperty("files").EnumerateArray().Select(f => f.Str("path")));
        Assert.Contains("+notes worth keeping", diff.Str("patch"));
    }
}
