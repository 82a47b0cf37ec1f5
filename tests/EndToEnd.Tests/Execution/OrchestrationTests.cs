using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// The product end to end, through the gateway: real broker, real services, the real Claude CLI as every agent (the
/// fake Messages API scripts what the model "decides"), and a real git repository that ends up with the work.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class OrchestrationTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_planned_initiative_runs_in_yolo_mode_and_lands_on_the_projects_default_branch()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        // The user's checkout has main checked out; this lets the final push update it,
        // as a bare remote would accept it.
        repo.Git("config", "receive.denyCurrentBranch", "updateInstead");
        var project = await client.RegisterProjectAsync(Api.Unique("shop"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Shop {run}", executionMode = "yolo", projectIds = new[] { project.Id }
        })).Str("id");

        // A plan agent proposes two phases, B after A.
        var plan = $"plan-{run}";
        app.Model.Script(plan,
            Steps.Write(".cw/output/phases/a.md", "---\ntitle: Phase A\n---\nThe alpha part."),
            Steps.Write(".cw/output/phases/b.md", "---\ntitle: Phase B\ndependencies: [a]\n---\nThe beta part."),
            Steps.Signal(new { status = "done" }),
            Steps.Say("Planned."));
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/plan", new { instructions = plan });
        await AcceptAllAsync(client, initiativeId, expected: 2);
        var tree = await client.TreeAsync(initiativeId);
        var phaseA = PhaseNamed(tree, "Phase A");
        var phaseB = PhaseNamed(tree, "Phase B");
        Assert.Contains(tree.GetProperty("phaseDependencies").EnumerateArray(),
            d => d.Str("from") == phaseB && d.Str("to") == phaseA);

        // A detail agent per phase proposes two tasks, the second depending on the first. Each task's description
        // carries the marker its execution agent is scripted by.
        foreach (var (phaseId, part) in new[] { (phaseA, "alpha"), (phaseB, "beta") })
        {
            var detail = $"detail-{part}-{run}";
            app.Model.Script(detail,
                Steps.Write($".cw/output/tasks/{part}-1.md",
                    $"---\ntitle: Create {part} one\ncategory: execute\n---\n"
                    + $"Write {part}-1.txt. exec-{part}-1-{run}"),
                Steps.Write($".cw/output/tasks/{part}-2.md",
                    $"---\ntitle: Create {part} two\ndependencies: [{part}-1]\n---\n"
                    + $"Write {part}-2.txt. exec-{part}-2-{run}"),
                Steps.Signal(new { status = "done" }),
                Steps.Say("Detailed."));
            await client.PostJsonAsync($"/api/phases/{phaseId}/detail", new { instructions = detail });
        }
        await AcceptAllAsync(client, initiativeId, expected: 4);
        // The second task of a phase builds on the first: its file starts with the first one's, which its worktree has
        // only if the first task's branch was merged into the phase branch before the second's branch was made from it.
        foreach (var part in new[] { "alpha", "beta" })
        {
            ScriptCommit(project.Name, $"exec-{part}-1-{run}", $"{part}-1.txt", $"{part} 1\n");
            ScriptCommit(project.Name, $"exec-{part}-2-{run}", $"{part}-2.txt", $"{part} 2\n",
                buildsOn: $"{part}-1.txt");
        }

        await client.PostJsonAsync($"/api/phases/{phaseA}/approve");
        await client.PostJsonAsync($"/api/phases/{phaseB}/approve");
        var execution = await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");
        // one leaf phase: no Integration phase
        Assert.Equal(JsonValueKind.Null, execution.GetProperty("integrationPhaseId").ValueKind);

        await AwaitInitiativeAsync(client, initiativeId, "pending_review");
        tree = await client.TreeAsync(initiativeId);
        Assert.All(tree.GetProperty("tasks").EnumerateArray(), t => Assert.Equal("completed", t.Str("status")));
        Assert.All(tree.GetProperty("phases").EnumerateArray(), p => Assert.Equal("completed", p.Str("status")));
        // A task's agent was handed the summaries of the tasks it depends on.
        Assert.Contains("Added alpha-1.txt", app.Model.FirstRequest($"exec-alpha-2-{run}"));
        var phaseADetails = await client.GetJsonAsync($"/api/phases/{phaseA}");
        Assert.False(string.IsNullOrEmpty(phaseADetails.Str("mergeBase")));
        var diff = (await client.GetJsonAsync($"/api/phases/{phaseA}/diff")).Items().Single();
        Assert.Contains("alpha-2.txt", diff.GetProperty("changes").GetProperty("patch").GetString());

        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/approve");
        await AwaitInitiativeAsync(client, initiativeId, "completed");
        foreach (var file in new[] { "alpha-1.txt", "alpha-2.txt", "beta-1.txt", "beta-2.txt" })
            Assert.True(File.Exists(Path.Combine(repo.Path, file)), $"{file} is not on the repository's main branch");
        Assert.Equal("alpha 1\nalpha 2\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "alpha-2.txt")));
        Assert.Equal("beta 1\nbeta 2\n", await File.ReadAllTextAsync(Path.Combine(repo.Path, "beta-2.txt")));
    }

    [Fact]
    public async Task In_review_mode_a_question_is_answered_and_a_phase_sent_back_with_feedback_before_it_merges()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var project = await client.RegisterProjectAsync(Api.Unique("greeter"), repo.Path);
        var run = Api.Unique("run");
        var initiative = await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Greeter {run}", executionMode = "review_per_phase", projectIds = new[] { project.Id }
        });
        var initiativeId = initiative.Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Greeting" })).Str("id");
        var task = $"exec-greet-{run}";
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write the greeting", description = $"Write greeting.txt. {task}"
        })).Str("id");

        // The agent asks which greeting, is answered through the API,
        // and the same session goes on to write and commit it.
        app.Model.Script(task,
            Steps.Signal(new
            {
                status = "questions", questions = new[] { new { id = "q1", question = "Which greeting?" } }
            }),
            Steps.Say("Waiting for an answer."),
            Steps.Write($"{project.Name}/greeting.txt", "hello\n"),
            Steps.Bash($"cd {project.Name} && git add greeting.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add greeting'"),
            Steps.Signal(new { status = "done", result = new { message = "Wrote hello" } }),
            Steps.Say("Done."));
        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");

        var waiting = await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync("/api/agents/waiting")).Items()
                .FirstOrDefault(a => a.GetProperty("taskId").GetString() == taskId),
            a => a.ValueKind == JsonValueKind.Object, "the task's agent waiting for an answer", Patience);
        Assert.Equal("Greeting", waiting.Str("phaseName"));
        await client.PostJsonAsync($"/api/agents/{waiting.Str("id")}/answers",
            new { answers = new Dictionary<string, string> { ["q1"] = "hello" } });

        await AwaitPhaseAsync(client, phaseId, "pending_review");
        Assert.Equal("Wrote hello", (await client.GetJsonAsync($"/api/tasks/{taskId}")).Str("summary"));

        // Sent back once: a review task carries the feedback;
        // its agent revises the work and the phase returns to review.
        var review = $"review-{run}";
        app.Model.Script(review,
            Steps.Write($"{project.Name}/greeting.txt", "hello, friend\n"),
            Steps.Bash($"cd {project.Name} "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -am 'Friendlier greeting'"),
            Steps.Signal(new { status = "done", result = new { message = "Made it friendlier" } }),
            Steps.Say("Revised."));
        var reviewTask = await client.PostJsonAsync($"/api/phases/{phaseId}/review/request-changes",
            new { feedback = $"Make it friendlier. {review}" });
        Assert.Equal("review", reviewTask.Str("category"));
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/tasks/{reviewTask.Str("id")}")).Str("status"),
            s => s == "completed", "the review task", Patience);
        await AwaitPhaseAsync(client, phaseId, "pending_review");
        // held for review, not merged
        Assert.Equal("active", (await client.GetJsonAsync($"/api/initiatives/{initiativeId}")).Str("status"));

        await client.PostJsonAsync($"/api/phases/{phaseId}/review/approve");
        await AwaitPhaseAsync(client, phaseId, "completed");
        await AwaitInitiativeAsync(client, initiativeId, "pending_review");
        var commits = (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/commits"))
            .Items().Single().GetProperty("changes");
        Assert.Contains(commits.EnumerateArray(), c => c.Str("subject") == "Friendlier greeting");

        // Only the initiative branch is pushed (for a pull request); the user's main stays as it was.
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/approve", new { pushBranchOnly = true });
        var merges = await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{initiativeId}/merges")).Items(),
            m => m.Any(x => x.Str("kind") == "initiative_push" && x.Str("status") != "requested"),
            "the push of the initiative branch", Patience);
        Assert.Equal("merged", merges.First(x => x.Str("kind") == "initiative_push").Str("status"));
        var branch = initiative.Str("branch");
        repo.Git("rev-parse", "--verify", $"refs/heads/{branch}");
        Assert.False(File.Exists(Path.Combine(repo.Path, "greeting.txt")));
    }

    /// <summary>
    /// An execution agent that writes <paramref name="file"/> (after the content of <paramref name="buildsOn"/>) and
    /// commits it.
    /// </summary>
    private void ScriptCommit(
        string projectName, string marker, string file, string content, string? buildsOn = null) =>
        app.Model.Script(marker,
            Steps.Write($"{projectName}/{file}.new", content),
            Steps.Bash($"cd {projectName} && cat {buildsOn ?? "/dev/null"} {file}.new > {file} && rm {file}.new "
                + $"&& git add {file} && git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add {file}'"),
            Steps.Signal(new { status = "done", result = new { message = $"Added {file}" } }),
            Steps.Say("Done."));

    /// <summary>Waits for <paramref name="expected"/> pending proposals and accepts them, agent by agent.</summary>
    private static async Task AcceptAllAsync(HttpClient client, string initiativeId, int expected)
    {
        var proposals = await Eventually.ValueAsync(
            () => client.PendingProposalsAsync(initiativeId), p => p.Length >= expected,
            $"{expected} proposals from the architect agents", Patience);
        foreach (var agentId in proposals.Select(p => p.Str("agentId")).Distinct())
            await client.AcceptAllAsync(initiativeId, agentId);
    }

    private static string PhaseNamed(JsonElement tree, string name) =>
        tree.GetProperty("phases").EnumerateArray().Single(p => p.Str("name") == name).Str("id");

    private static Task AwaitInitiativeAsync(HttpClient client, string id, string status) =>
        Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/initiatives/{id}")).Str("status"),
            s => s == status, $"initiative {status}", Patience);

    private static Task AwaitPhaseAsync(HttpClient client, string id, string status) =>
        Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/phases/{id}")).Str("status"),
            s => s == status, $"phase {status}", Patience);
}
