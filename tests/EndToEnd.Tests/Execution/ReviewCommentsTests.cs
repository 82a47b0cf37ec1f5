using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Execution;

/// <summary>
/// Review comments end to end, through the gateway: comments on a real phase diff, "request changes" from the open
/// threads, and a review agent (the real Claude CLI, scripted by the fake Messages API) whose replies file answers and
/// resolves them; the comment whose line it changed stays, marked outdated. `cw review` adds, resolves and lists.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class ReviewCommentsTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task Comments_on_a_phase_diff_become_a_review_task_whose_agent_replies_and_resolves_them()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var repo = GitRepository.In(app.Repositories);
        var project = await client.RegisterProjectAsync(Api.Unique("notes"), repo.Path);
        var run = Api.Unique("run");
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = $"Notes {run}", executionMode = "review_per_phase", projectIds = new[] { project.Id }
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Greeting" })).Str("id");
        var task = $"exec-notes-{run}";
        await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write the greeting", description = $"Write greeting.txt. {task}"
        });
        app.Model.Script(task,
            Steps.Write($"{project.Name}/greeting.txt", "hello\nregards\n"),
            Steps.Bash($"cd {project.Name} && git add greeting.txt "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -m 'Add greeting'"),
            Steps.Signal(new { status = "done", result = new { message = "Wrote the greeting" } }),
            Steps.Say("Done."));
        await client.PostJsonAsync($"/api/phases/{phaseId}/approve");
        await client.PostJsonAsync($"/api/initiatives/{initiativeId}/execute");
        await AwaitPhaseAsync(client, phaseId, "pending_review");

        // Comments go on lines of the phase's diff; a file the diff does not show is refused, naming it.
        var review = $"review-{run}";
        var greeting = await CommentAsync(client, phaseId, 1, $"Friendlier, please. {review}");
        var signOff = await CommentAsync(client, phaseId, 2, "Is 'regards' right here?");
        // The same with cw, as a person would.
        var settled = (await app.CwAsync("review", "add", "--phase", phaseId, "--file", "greeting.txt", "--line", "2",
            "Typo? (settled already)", "--json")).Succeeded().Json.Str("id");
        (await app.CwAsync("review", "resolve", settled)).Succeeded();
        var refused = await client.PostAsJsonAsync("/api/review-comments", new
        {
            phaseId, filePath = "missing.txt", lineNumber = 1, lineType = "added", body = "Where is it?"
        });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("'missing.txt' is not in the diff", await refused.Content.ReadAsStringAsync());

        // The review agent changes the first line, and answers both open threads (and one id that is not theirs).
        var replies = JsonSerializer.Serialize(new object[]
        {
            new { commentId = greeting, reply = "Made it friendlier.", resolved = true },
            new { commentId = signOff, reply = "Kept: it is the sign-off.", resolved = false },
            new { commentId = "not-a-comment-of-this", reply = "Lost.", resolved = true },
        });
        app.Model.Script(review,
            Steps.Write($"{project.Name}/greeting.txt", "hello, friend\nregards\n"),
            Steps.Bash($"cd {project.Name} "
                + "&& git -c user.name=agent -c user.email=agent@cw commit -q -am 'Friendlier greeting'"),
            Steps.Write(".cw/output/review-replies.json", replies),
            Steps.Signal(new { status = "done", result = new { message = "Answered the review" } }),
            Steps.Say("Revised."));

        // No feedback: the open threads are the request.
        var reviewTask = await client.PostJsonAsync($"/api/phases/{phaseId}/review/request-changes");
        Assert.Equal("review", reviewTask.Str("category"));
        var description = reviewTask.Str("description");
        Assert.Contains($"[comment:{greeting}]", description);
        Assert.Contains($"[comment:{signOff}]", description);
        Assert.DoesNotContain(settled, description);
        await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/tasks/{reviewTask.Str("id")}")).Str("status"),
            s => s == "completed", "the review task", Patience);
        await AwaitPhaseAsync(client, phaseId, "pending_review");

        var threads = await Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/review-comments?phaseId={phaseId}")).Items(),
            t => t.Single(c => c.Str("id") == greeting).GetProperty("resolved").GetBoolean(),
            "the agent's replies applied", Patience);
        var first = threads.Single(t => t.Str("id") == greeting);
        var reply = Assert.Single(first.GetProperty("replies").EnumerateArray());
        Assert.Equal("Made it friendlier.", reply.Str("body"));
        Assert.False(string.IsNullOrEmpty(reply.Str("authorAgentId")));
        // "hello" is no longer in the diff: the comment is kept, outdated.
        Assert.True(first.GetProperty("outdated").GetBoolean());
        var second = threads.Single(t => t.Str("id") == signOff);
        Assert.False(second.GetProperty("resolved").GetBoolean());
        Assert.False(second.GetProperty("outdated").GetBoolean());
        Assert.Equal(["Kept: it is the sign-off."],
            second.GetProperty("replies").EnumerateArray().Select(r => r.Str("body")));
        Assert.Equal([signOff],
            (await client.GetJsonAsync($"/api/review-comments?phaseId={phaseId}&resolved=false")).Items()
                .Select(t => t.Str("id")));
        var open = (await app.CwAsync("review", "list", "--phase", phaseId, "--status", "open")).Succeeded().Out;
        Assert.Contains($"{signOff}  greeting.txt:2 (added)  [open]", open);
        Assert.Contains(": Kept: it is the sign-off.", open);
        Assert.DoesNotContain(greeting, open);
    }

    private static async Task<string> CommentAsync(HttpClient client, string phaseId, int line, string body) =>
        (await client.PostJsonAsync("/api/review-comments", new
        {
            phaseId, filePath = "greeting.txt", lineNumber = line, lineType = "added", body
        })).Str("id");

    private static Task AwaitPhaseAsync(HttpClient client, string id, string status) =>
        Eventually.ValueAsync(
            async () => (await client.GetJsonAsync($"/api/phases/{id}")).Str("status"),
            s => s == status, $"phase {status}", Patience);
}
