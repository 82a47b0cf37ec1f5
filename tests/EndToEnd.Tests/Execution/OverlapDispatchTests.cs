using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// "Conflicts foreseen" through the gateway with the real Claude CLI: two tasks of one phase declaring the same file
/// run one after the other, the second starting from the phase branch that already holds the first's merge, so
/// edits that would conflict from a common base merge cleanly.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class OverlapDispatchTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Two_tasks_declaring_the_same_file_run_one_after_the_other_and_their_merges_do_not_conflict()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        repo.CommitOn("main", "shared.txt", "line\n", "Shared file");
        var name = Api.Unique("overlap");
        var project = await client.PostJsonAsync("/api/projects",
            new { name, url = repo.Path, defaultBranch = "main" });
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Overlap {run}", executionMode = "yolo", projectIds = new[] { project.Str("id") },
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Only" })).Str("id");
        // The longer marker is the first's: should one prompt show both, the model's script matches it first.
        var (firstMarker, secondMarker) = ($"overlap-alpha-first-{run}", $"overlap-gamma-{run}");
        var first = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Alpha", description = $"Write alpha. {firstMarker}",
            files = new[] { "shared.txt" },
        })).Str("id");
        var second = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Gamma", description = $"Write gamma. {secondMarker}",
            files = new[] { "shared.txt" },
        })).Str("id");
        // Both rewrite the file's only line: from the same base, their merges would conflict.
        app.Model.Script(firstMarker,
            Steps.Bash("sleep 4"), // long enough to see the second one wait
            Steps.Write($"{name}/shared.txt", "alpha\n"),
            Steps.Bash(Commit(name, "Alpha")),
            Steps.Signal(new { status = "done", result = new { message = "alpha written" } }),
            Steps.Say("Done."));
        app.Model.Script(secondMarker,
            Steps.Write($"{name}/shared.txt", "gamma\n"),
            Steps.Bash(Commit(name, "Gamma")),
            Steps.Signal(new { status = "done", result = new { message = "gamma written" } }),
            Steps.Say("Done."));

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        var waiting = await Eventually.GetAsync(() => client.GetJsonAsync($"/api/tasks/{second}"),
            t => t.TryGetProperty("waitingFor", out var w) && w.ValueKind == JsonValueKind.Object, Patience);
        Assert.Equal(first, waiting.GetProperty("waitingFor").Str("taskId"));
        var overlap = Assert.Single((await client.GetJsonAsync($"/api/initiatives/{initiativeId}/overlaps"))
            .GetProperty("overlaps").EnumerateArray());
        Assert.Equal((first, second, "waits"),
            (overlap.GetProperty("first").Str("id"), overlap.GetProperty("second").Str("id"), overlap.Str("handling")));

        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"),
            s => s == "pending_review", "both tasks merged and the phase merged into the initiative", Patience);

        var merges = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/merges")).Items().ToList();
        Assert.All(merges, m => Assert.Equal("merged", m.Str("status")));
        var firstMerged = merges.Single(m => m.Str("taskId") == first).GetProperty("finishedAt").GetDateTimeOffset();
        var secondAsked = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/assignments")).Items()
            .Single(a => a.Str("taskId") == second).GetProperty("createdAt").GetDateTimeOffset();
        Assert.True(secondAsked >= firstMerged,
            $"The second task's agent was asked for at {secondAsked:O}, before the first merged at {firstMerged:O}");
        var tasks = (await client.GetJsonAsync($"/api/tasks?initiativeId={initiativeId}")).GetProperty("items")
            .EnumerateArray().ToList();
        Assert.DoesNotContain(tasks, t => t.Str("category") == "merge"); // no conflict to resolve
        var diff = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/diff")).ToString();
        Assert.Contains("+gamma", diff);
        Assert.DoesNotContain("<<<<<<<", diff);
    }

    private static string Commit(string project, string message) =>
        $"cd {project} && git add shared.txt && git -c user.name=agent -c user.email=agent@cw commit -q -m '{message}'";
}
