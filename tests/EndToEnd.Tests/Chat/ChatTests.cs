using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.EndToEnd.Tests.Infrastructure;
using Codewalkers.TestSupport;

namespace Codewalkers.EndToEnd.Tests.Chat;

/// <summary>
/// Chat beside a phase, end to end through the gateway with the real Claude CLI scripted by the fake Messages API:
/// each message is a turn of one agent session whose plan edits are applied at once as one revertable change set.
/// </summary>
[Collection(CodewalkersAppCollection.Name)]
public sealed class ChatTests(CodewalkersApp app)
{
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(5);

    [Fact]
    public async Task A_chat_on_a_phase_edits_its_tasks_in_one_session_and_every_turn_reverts_exactly()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var (phaseId, existingId) = await PhaseWithOneTaskAsync(client);
        var before = await TasksAsync(client, phaseId);

        // Turn 1: two new tasks, the second depending on the first, and the existing one clarified.
        var first = Api.Unique("chat-split");
        app.Model.Script(first,
            Steps.Write(".cw/output/tasks/schema.md", TaskFile("Add the schema", "Create the tables.")),
            Steps.Write(".cw/output/tasks/api.md", TaskFile("Add the API", "Expose the tables.", "schema")),
            Steps.Write($".cw/output/tasks/{existingId}.md", TaskFile("Write the greeting, politely", "Say please.")),
            Steps.Signal(new { status = "done", result = new { message = "Added the schema and the API." } }),
            Steps.Say("Done."));
        var sessionId = (await client.PostJsonAsync(
            "/api/chat-sessions", new { targetType = "phase", targetId = phaseId })).Str("id");
        await client.PostJsonAsync($"/api/chat-sessions/{sessionId}/messages",
            new { content = $"Split the work into a schema and an API. {first}" });
        var reply1 = await ReplyAsync(client, sessionId, 1);
        Assert.Equal("Added the schema and the API.", reply1.Str("content"));
        Assert.False(string.IsNullOrEmpty(reply1.Str("changeSetId")));
        var tasks = await TasksAsync(client, phaseId);
        var schema = tasks.Single(t => t.Str("name") == "Add the schema");
        var api = tasks.Single(t => t.Str("name") == "Add the API");
        Assert.Equal([schema.Str("id")], api.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal("Write the greeting, politely", tasks.Single(t => t.Str("id") == existingId).Str("name"));

        // Turn 2 resumes the same CLI session and deletes a task.
        var agentId = (await client.GetJsonAsync($"/api/chat-sessions/{sessionId}")).Str("agentId");
        var cliSession = (await client.GetJsonAsync($"/api/agents/{agentId}")).Str("sessionId");
        var second = Api.Unique("chat-drop");
        app.Model.Script(second,
            Steps.Write($".cw/output/tasks/{api.Str("id")}.md", "---\ntitle: \"Add the API\"\naction: delete\n---\n"),
            Steps.Signal(new { status = "done", result = new { message = "Dropped the API task." } }),
            Steps.Say("Done."));
        await client.PostJsonAsync($"/api/chat-sessions/{sessionId}/messages",
            new { content = $"We do not need the API after all. {second}" });
        var reply2 = await ReplyAsync(client, sessionId, 2);
        var agent = await client.GetJsonAsync($"/api/agents/{agentId}");
        Assert.Equal(cliSession, agent.Str("sessionId"));
        Assert.Equal(2, agent.GetProperty("sessionNumber").GetInt32());
        Assert.DoesNotContain(await TasksAsync(client, phaseId), t => t.Str("id") == api.Str("id"));

        // Reverting turn 1 first would overwrite turn 2: refused, saying so, nothing changed.
        using (var stale = await client.PostAsJsonAsync(
                   $"/api/chat-sessions/{sessionId}/messages/{reply1.Str("id")}/revert", new { }))
        {
            Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        }
        await client.PostJsonAsync($"/api/chat-sessions/{sessionId}/messages/{reply2.Str("id")}/revert");
        await client.PostJsonAsync($"/api/chat-sessions/{sessionId}/messages/{reply1.Str("id")}/revert");
        Assert.Equal(Shape(before), Shape(await TasksAsync(client, phaseId)));
        Assert.Contains("Reverted", (await app.CwAsync("chat", "show", sessionId)).Succeeded().Out);

        // Closed and reopened: a new agent starts, and it is given the conversation so far.
        await client.PostJsonAsync($"/api/chat-sessions/{sessionId}/close");
        await client.PostJsonAsync($"/api/chat-sessions/{sessionId}/reopen");
        var third = Api.Unique("chat-again");
        app.Model.Script(third,
            Steps.Signal(new { status = "done", result = new { message = "I remember the schema." } }),
            Steps.Say("Done."));
        await client.PostJsonAsync($"/api/chat-sessions/{sessionId}/messages",
            new { content = $"What did we decide? {third}" });
        var reply3 = await ReplyAsync(client, sessionId, 3);
        Assert.Equal("I remember the schema.", reply3.Str("content"));
        Assert.NotEqual(agentId, (await client.GetJsonAsync($"/api/chat-sessions/{sessionId}")).Str("agentId"));
        Assert.Contains("Split the work into a schema and an API.", app.Model.FirstRequest(third));
    }

    [Fact]
    public async Task A_turn_whose_outputs_name_a_missing_task_fails_with_the_reason_and_changes_nothing()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var (phaseId, _) = await PhaseWithOneTaskAsync(client);
        var before = await TasksAsync(client, phaseId);
        var marker = Api.Unique("chat-bad");
        app.Model.Script(marker,
            Steps.Write(".cw/output/tasks/one.md", TaskFile("One", "First.", "no-such-task")),
            Steps.Signal(new { status = "done", result = new { message = "Added one." } }),
            Steps.Say("Done."));
        var sessionId = (await client.PostJsonAsync(
            "/api/chat-sessions", new { targetType = "phase", targetId = phaseId })).Str("id");
        await client.PostJsonAsync($"/api/chat-sessions/{sessionId}/messages", new { content = $"Add one. {marker}" });

        var failure = await Eventually.ValueAsync(
            async () => Messages(await client.GetJsonAsync($"/api/chat-sessions/{sessionId}")),
            m => m.Any(x => x.Str("role") == "system"), "the failed turn in the chat", Patience);
        Assert.Contains("no-such-task", failure.Single(x => x.Str("role") == "system").Str("content"));
        Assert.Equal(Shape(before), Shape(await TasksAsync(client, phaseId)));

        // Bad requests: a 4xx naming the problem.
        using var empty = await client.PostAsJsonAsync(
            $"/api/chat-sessions/{sessionId}/messages", new { content = "" });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains("content", await empty.Content.ReadAsStringAsync());
        using var unknown = await client.PostAsJsonAsync(
            "/api/chat-sessions", new { targetType = "phase", targetId = "no-such-phase-0000000" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        using var badType = await client.PostAsJsonAsync(
            "/api/chat-sessions", new { targetType = "galaxy", targetId = phaseId });
        Assert.Equal(HttpStatusCode.BadRequest, badType.StatusCode);
        Assert.Contains("targetType", await badType.Content.ReadAsStringAsync());
    }

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task A_Planning_restart_while_the_agent_works_applies_its_edits_once()
    {
        await app.SettledAsync();
        using var client = app.CreateClient();
        var (phaseId, _) = await PhaseWithOneTaskAsync(client);
        var marker = Api.Unique("chat-restart");
        app.Model.Script(marker,
            Steps.Bash("sleep 15"),
            Steps.Write(".cw/output/tasks/docs.md", TaskFile("Write the docs", "Explain it.")),
            Steps.Signal(new { status = "done", result = new { message = "Added the docs task." } }),
            Steps.Say("Done."));
        var sessionId = (await client.PostJsonAsync(
            "/api/chat-sessions", new { targetType = "phase", targetId = phaseId })).Str("id");
        await client.PostJsonAsync($"/api/chat-sessions/{sessionId}/messages", new { content = $"Docs? {marker}" });
        await Eventually.TrueAsync(() => Task.FromResult(app.Model.StepsServed(marker) > 0), "the agent at work",
            Patience);

        await app.KillAndAwaitRestartAsync("planning");
        await app.SettledAsync();
        await ReplyAsync(client, sessionId, 1);
        Assert.Single(await TasksAsync(client, phaseId), t => t.Str("name") == "Write the docs");
    }

    private static string TaskFile(string title, string body, params string[] dependencies) =>
        $"---\ntitle: \"{title}\"\n"
        + (dependencies.Length > 0 ? $"dependencies: [{string.Join(", ", dependencies)}]\n" : "")
        + $"---\n{body}\n";

    private async Task<(string PhaseId, string TaskId)> PhaseWithOneTaskAsync(HttpClient client)
    {
        var project = await client.RegisterProjectAsync(Api.Unique("chat"), GitRepository.In(app.Repositories).Path);
        var initiativeId = (await client.PostJsonAsync("/api/initiatives", new
        {
            name = Api.Unique("Chat"), projectIds = new[] { project.Id }
        })).Str("id");
        var phaseId = (await client.PostJsonAsync("/api/phases", new { initiativeId, name = "Greeting" })).Str("id");
        var taskId = (await client.PostJsonAsync("/api/tasks", new
        {
            initiativeId, phaseId, name = "Write the greeting", description = "Write greeting.txt."
        })).Str("id");
        return (phaseId, taskId);
    }

    private static async Task<JsonElement[]> TasksAsync(HttpClient client, string phaseId) =>
        (await client.GetJsonAsync($"/api/tasks?phaseId={phaseId}")).Items();

    /// <summary>What a revert must restore exactly: ids, names, descriptions, order and dependencies.</summary>
    private static string Shape(IEnumerable<JsonElement> tasks) => string.Join("\n", tasks
        .OrderBy(t => t.GetProperty("order").GetInt32()).ThenBy(t => t.Str("id"))
        .Select(t => $"{t.Str("id")}|{t.Str("name")}|{t.Str("description")}|{t.GetProperty("order")}|"
            + string.Join(",", t.GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()).Order())));

    private static JsonElement[] Messages(JsonElement session) => [.. session.GetProperty("messages").EnumerateArray()];

    /// <summary>The <paramref name="n"/>th assistant reply of the session, once it has come.</summary>
    private static async Task<JsonElement> ReplyAsync(HttpClient client, string sessionId, int n)
    {
        var messages = await Eventually.ValueAsync(
            async () => Messages(await client.GetJsonAsync($"/api/chat-sessions/{sessionId}")),
            m => m.Count(x => x.Str("role") == "assistant") >= n || m.Any(x => x.Str("role") == "system"
                && x.Str("content").Contains("failed", StringComparison.OrdinalIgnoreCase)),
            $"reply {n} of the chat", Patience);
        var replies = messages.Where(x => x.Str("role") == "assistant").ToArray();
        Assert.True(replies.Length >= n,
            $"the turn failed: {string.Join(" | ", messages.Select(m => m.Str("content")))}");
        return replies[n - 1];
    }
}
