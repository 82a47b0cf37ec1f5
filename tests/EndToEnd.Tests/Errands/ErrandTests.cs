using System.Net;
using System.Net.Http.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;
using Xunit.Abstractions;

namespace Codewalkers.EndToEnd.Tests.Errands;

/// <summary>
/// Errands end to end, through the gateway, with the real Claude CLI scripted by the fake Messages API: an errand's
/// agent commits on its own branch, the user reviews the diff, asks for changes (the same session revises), and merges
/// into main, which is pushed to the project's origin; one that conflicts with main meanwhile is resolved by its agent.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class ErrandTests(CodewalkersApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task An_errand_is_reviewed_revised_by_the_same_session_and_merged_into_main_and_its_origin()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var (repo, project) = await RegisterPushableProjectAsync(client, app.Repositories);
        var marker = Api.Unique("errand-hello");
        app.Model.Script(marker, ErrandApi.WritesAndCommits(project, "hello.txt", "hello\n", "Add hello"));

        // Started as a person would: with cw, naming the project by its name.
        var started = (await app.CwAsync(
            "errand", "start", $"Add a hello file {marker}", "--project", project.Name, "--json")).Succeeded().Json;
        var id = started.Str("id");
        Assert.Equal("active", started.Str("status"));
        Assert.StartsWith("cw/errand-add-a-hello-file", started.Str("branch"));
        Assert.Equal("main", started.Str("baseBranch"));

        var review = await client.AwaitErrandAsync(id, "pending_review");
        Assert.Equal("Add hello", review.Str("summary"));
        // What the user reads in the terminal: the errand with its thread, and its diff.
        var shown = (await app.CwAsync("errand", "get", id)).Succeeded().Out;
        output.WriteLine(shown);
        Assert.Contains("pending_review", shown);
        Assert.Contains("Add hello", shown);
        var patch = (await app.CwAsync("errand", "diff", id)).Succeeded().Out;
        output.WriteLine(patch);
        Assert.Contains("+hello", patch);
        var diff = await client.GetJsonAsync($"/api/errands/{id}/diff");
        Assert.Equal(["hello.txt"], diff.GetProperty("files").EnumerateArray().Select(f => f.Str("path")));
        Assert.Contains("+hello", diff.Str("patch"));
        Assert.Contains(diff.GetProperty("commits").EnumerateArray(), c => c.Str("subject") == "Add hello");
        // The agent worked on its own branch in its own worktree: the user's checkout and main are untouched.
        Assert.False(File.Exists(Path.Combine(repo.Path, "hello.txt")));

        // Changes requested: the same agent continues its session and revises.
        var agentId = review.Str("agentId");
        app.Model.Script(marker, ErrandApi.WritesAndCommits(project, "hello.txt", "hello, world\n", "Greet the world"));
        await client.PostJsonAsync($"/api/errands/{id}/request-changes", new { feedback = "Greet the whole world." });
        var revised = await client.AwaitErrandAsync(id, "pending_review", e => e.Str("summary") == "Greet the world");
        Assert.Equal(agentId, revised.Str("agentId"));
        Assert.Equal(2, (await client.GetJsonAsync($"/api/agents/{agentId}")).GetProperty("sessionNumber").GetInt32());
        Assert.Contains(revised.GetProperty("thread").EnumerateArray(),
            n => n.Str("author") == "user" && n.Str("text").Contains("Greet the whole world."));
        Assert.Contains("+hello, world", (await client.GetJsonAsync($"/api/errands/{id}/diff")).Str("patch"));

        // Merged with cw, waiting for the outcome: main has the change, and so has the origin (pushed).
        var merged = (await app.CwAsync("errand", "merge", id, "--wait", "--json")).Succeeded().Json;
        Assert.Equal("merged", merged.Str("status"));
        Assert.True(merged.GetProperty("pushed").GetBoolean());
        Assert.Equal("hello, world", repo.Git("show", "main:hello.txt"));
        output.WriteLine((await app.CwAsync("errand", "list", "--project", project.Name)).Succeeded().Out);
        output.WriteLine((await app.CwAsync("errand", "get", id)).Succeeded().Out);
        // The finished errand frees its worktree; merging it again is refused.
        var worktree = Path.Combine(app.CwHome, "workspace", "agents", merged.Str("agentName"), project.Name);
        await Eventually.TrueAsync(() => Task.FromResult(!Directory.Exists(worktree)), "the worktree removed",
            TimeSpan.FromSeconds(60));
        using var again = await client.PostAsJsonAsync($"/api/errands/{id}/merge", new { });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("merged", await again.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_errand_that_conflicts_with_main_is_resolved_by_its_agent_and_then_merges()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var (repo, project) = await RegisterPushableProjectAsync(client, app.Repositories);
        var marker = Api.Unique("errand-greeting");
        app.Model.Script(marker,
            ErrandApi.WritesAndCommits(project, "greeting.txt", "hello from the errand\n", "Add a greeting"));
        var id = (await client.StartErrandAsync(project, $"Write a greeting {marker}")).Str("id");
        await client.AwaitErrandAsync(id, "pending_review");

        // Meanwhile someone commits another greeting on main, at the origin.
        repo.CommitOn("main", "greeting.txt", "hello from main\n");
        await client.PostJsonAsync($"/api/errands/{id}/merge");
        var conflicted = await client.AwaitErrandAsync(id, "conflict");
        Assert.Equal(["greeting.txt"], conflicted.Strings("conflictFiles"));
        Assert.Contains("greeting.txt", (await app.CwAsync("errand", "get", id)).Succeeded().Out);

        // Resolve: the errand's agent merges main into its branch, keeps both lines and commits.
        app.Model.Script(marker,
            Steps.Bash($"cd {project.Name} && (git merge -q main || true) "
                + "&& printf 'hello from main\\nhello from the errand\\n' > greeting.txt && git add greeting.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Keep both greetings'"),
            Steps.Signal(new { status = "done", result = new { message = "Resolved the greeting" } }),
            Steps.Say("Resolved."));
        await client.PostJsonAsync($"/api/errands/{id}/resolve");
        await client.AwaitErrandAsync(id, "pending_review", e => e.Str("summary") == "Resolved the greeting");
        await client.PostJsonAsync($"/api/errands/{id}/merge");
        await client.AwaitErrandAsync(id, "merged");
        Assert.Equal("hello from main\nhello from the errand", repo.Git("show", "main:greeting.txt"));
    }

    /// <summary>
    /// A repository whose checked-out main accepts pushes (as a bare remote would), registered as a project.
    /// </summary>
    internal static async Task<(GitRepository Repo, ProjectDto Project)> RegisterPushableProjectAsync(
        HttpClient client, string parent)
    {
        var repo = GitRepository.In(parent);
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        return (repo, await client.RegisterProjectAsync(Api.Unique("errands"), repo.Path));
    }
}
