using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// The check on merged results through the gateway: two tasks each pass the project's check alone and fail it
/// together. The second merge into the phase branch is refused, its task blocked with the evidence, and neither the
/// initiative branch nor the default branch ever holds the red result.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class MergedResultCheckTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(4);

    /// <summary>At most one of a.txt and b.txt: each task's work passes, both together fail.</summary>
    private const string AtMostOne =
        "if [ -f a.txt ] && [ -f b.txt ]; then echo 'a.txt and b.txt must not both exist'; exit 4; fi";

    [Fact]
    public async Task A_phase_whose_merged_result_fails_its_check_never_merges_into_the_initiative()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var mainBefore = repo.Git("rev-parse", "main");
        var name = Api.Unique("merged");
        var project = await client.PostJsonAsync("/api/projects",
            new
            {
                name, url = repo.Path, defaultBranch = "main", verifyCommand = AtMostOne, verifyTimeoutSeconds = 60,
            });
        var projectId = project.Str("id");
        var run = Api.Unique("run");
        var initiative = await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Merged {run}", executionMode = "yolo", projectIds = new[] { projectId },
        });
        var initiativeId = initiative.Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Both" })).Str("id");
        var taskIds = new List<string>();
        foreach (var file in (string[])["a.txt", "b.txt"])
        {
            var marker = $"merged-check-{file}-{run}";
            taskIds.Add((await client.PostJsonAsync("/api/tasks", new
            {
                initiativeId, phaseId, name = $"Add {file}", description = $"Add {file}. {marker}",
            })).Str("id"));
            app.Model.Script(marker,
                Steps.Write($"{name}/{file}", $"{file}\n"),
                Steps.Bash($"cd {name} && git add {file} "
                    + $"&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add {file}'"),
                Steps.Signal(new { status = "done", result = new { message = $"{file} added" } }),
                Steps.Say("Done."));
        }

        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        // Each task passed its own check; the one merged second is refused on the merged result.
        var tasks = await Eventually.ValueAsync(
            async () => await Task.WhenAll(taskIds.Select(id => client.GetJsonAsync($"/api/tasks/{id}"))),
            ts => ts.Count(t => t.Str("status") == "completed") == 1
                && ts.Count(t => t.Str("status") == "blocked") == 1,
            "one task completed and merged, the other blocked by the merged-result check", Patience);
        var blocked = tasks.Single(t => t.Str("status") == "blocked");
        Assert.Contains("Merged-result check failed", blocked.Str("blockedReason"));
        Assert.Contains("exited with code 4", blocked.Str("blockedReason"));
        Assert.Contains("must not both exist", blocked.Str("blockedReason"));

        var merges = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/merges")).Items();
        var refused = Assert.Single(merges, m => m.Str("status") == "check_failed");
        Assert.Equal(blocked.Str("id"), refused.Str("taskId"));
        var phaseBranch = refused.Str("targetBranch");
        var evidence = (await client.GetJsonAsync(
            $"/api/workspace/verifications?branch={Uri.EscapeDataString(phaseBranch)}")).Items();
        Assert.Equal([true, false],
            evidence.OrderBy(e => e.GetProperty("id").GetInt64()).Select(e => e.GetProperty("passed").GetBoolean()));
        var red = evidence.Single(e => !e.GetProperty("passed").GetBoolean());
        Assert.Equal((refused.Str("id"), AtMostOne, 4), (red.Str("requestId"), red.Str("command"),
            red.GetProperty("exitCode").GetInt32()));

        // The phase holds one task's work only, it never merged into the initiative branch, and main is untouched.
        var phaseFiles = await ChangedFilesAsync(client, projectId, phaseBranch);
        Assert.Single(phaseFiles, f => f is "a.txt" or "b.txt");
        Assert.Equal("in_progress", (await client.GetJsonAsync($"/api/phases/{phaseId}")).Str("status"));
        Assert.DoesNotContain(merges, m => m.Str("kind") == "phase_into_initiative");
        Assert.Empty(await ChangedFilesAsync(client, projectId, initiative.Str("branch")));
        Assert.Equal(mainBefore, repo.Git("rev-parse", "main"));
    }

    private static async Task<string[]> ChangedFilesAsync(HttpClient client, string projectId, string branch) =>
        [.. (await client.GetJsonAsync(
                $"/api/workspace/projects/{projectId}/diff?base=main&head={Uri.EscapeDataString(branch)}"))
            .GetProperty("files").EnumerateArray().Select(f => f.Str("path"))];
}
