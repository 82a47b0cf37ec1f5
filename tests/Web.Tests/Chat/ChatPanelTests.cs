using System.Net;
using System.Text.Json;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Chat;
using Codewalkers.Web.Live;
using Codewalkers.Web.Tests.Support;

namespace Codewalkers.Web.Tests.Chat;

public sealed class ChatPanelTests : WebTestContext
{
    private const string PhaseId = "phase_000000000000000";
    private const string SessionId = "session_0000000000000";
    private const string SessionsOfPhase = $"/api/chat-sessions?targetType=phase&targetId={PhaseId}";

    private static ChatSession Session(string turnState, params ChatMessage[] messages) => new(
        SessionId, "phase", PhaseId, "init_0000000000000000", PhaseId, null, "active", null, null, turnState,
        DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, 1, messages);

    private static ChatMessage Reply(string content, bool reverted = false) => new(
        "msg_assistant_0000000", "assistant", content, "changeset_00000000000",
        [new ChatChange("task", "task_0000000000000000", "create", "Write the migration")], reverted,
        DateTimeOffset.UtcNow);

    private IRenderedComponent<ChatPanel> RenderPanel() =>
        Render<ChatPanel>(p => p.Add(x => x.TargetType, "phase").Add(x => x.TargetId, PhaseId));

    [Fact]
    public void The_first_message_opens_the_phases_session_then_sends_and_shows_the_assistant_working()
    {
        Gateway.On("GET", SessionsOfPhase, Array.Empty<ChatSession>())
            .On("POST", "/api/chat-sessions", Session("idle"), HttpStatusCode.Created)
            .On("POST", $"/api/chat-sessions/{SessionId}/messages", Session("working",
                new ChatMessage("msg_user_000000000000", "user", "Split it in two", null, [], false, DateTimeOffset.UtcNow)),
                HttpStatusCode.Accepted);
        var panel = RenderPanel();
        panel.WaitForAssertion(() => Assert.Contains("No messages yet", panel.Markup));

        panel.Find("textarea").Input("Split it in two");
        panel.Find("form").Submit();

        panel.WaitForAssertion(() => Assert.Contains("The assistant is answering", panel.Markup));
        var posts = Gateway.Requests.Where(r => r.Method == HttpMethod.Post).ToList();
        Assert.Equal(["/api/chat-sessions", $"/api/chat-sessions/{SessionId}/messages"], posts.Select(p => p.PathAndQuery));
        Assert.Equal($"{{\"targetType\":\"phase\",\"targetId\":\"{PhaseId}\"}}", posts[0].Body);
        Assert.Equal("{\"content\":\"Split it in two\"}", posts[1].Body);
        Assert.Contains("Split it in two", panel.Find(".messages").TextContent);
        Assert.True(panel.Find("button[type=submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_reply_lists_its_changes_and_a_refused_revert_shows_why()
    {
        Gateway.On("GET", SessionsOfPhase, new[] { Session("idle") })
            .On("GET", $"/api/chat-sessions/{SessionId}", Session("idle", Reply("Added a task.")))
            .Refuse("POST", $"/api/chat-sessions/{SessionId}/messages/msg_assistant_0000000/revert", 409, "Stale",
                "Task 'Write the migration' changed since; reverting would overwrite it.");
        var panel = RenderPanel();
        panel.WaitForAssertion(() => Assert.Contains("create task: Write the migration", panel.Find(".changes").TextContent));

        panel.FindAll("button").Single(b => b.TextContent.Contains("Revert these changes")).Click();

        panel.WaitForAssertion(() => Assert.Contains("reverting would overwrite it", panel.Find(".problem").TextContent));
        Assert.Contains(Gateway.Requests, r => r.PathAndQuery.EndsWith("/revert", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_new_message_of_this_session_on_the_feed_shows_the_reply_and_the_answer_box()
    {
        Gateway.On("GET", SessionsOfPhase, new[] { Session("working") })
            .On("GET", $"/api/chat-sessions/{SessionId}", Session("working"));
        var panel = RenderPanel();
        panel.WaitForAssertion(() => Assert.Contains("The assistant is answering", panel.Markup));
        Gateway.On("GET", $"/api/chat-sessions/{SessionId}", Session("waiting_for_answers",
            new ChatMessage("msg_question_00000000", "assistant", "Which database?", null, [], false, DateTimeOffset.UtcNow)));

        await PushAsync(new FeedEntry(9, "chat.message_created", null, null, null, null, null,
            JsonSerializer.SerializeToElement(new { sessionId = SessionId, role = "assistant" }), DateTimeOffset.UtcNow));

        panel.WaitForAssertion(() => Assert.Contains("Which database?", panel.Find(".messages").TextContent));
        Assert.Equal("Your answer to the assistant's questions", panel.Find("label").TextContent);
        Assert.DoesNotContain("The assistant is answering", panel.Markup);
    }

    [Fact]
    public void While_the_assistant_works_the_panel_reads_the_session_again_even_without_a_feed_entry()
    {
        Gateway.On("GET", SessionsOfPhase, new[] { Session("working") })
            .On("GET", $"/api/chat-sessions/{SessionId}", Session("working"));
        var panel = RenderPanel();
        panel.WaitForAssertion(() => Assert.Contains("The assistant is answering", panel.Markup));

        Gateway.On("GET", $"/api/chat-sessions/{SessionId}", Session("idle", Reply("Added a task.")));

        panel.WaitForAssertion(() => Assert.Contains("Added a task.", panel.Markup), TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("The assistant is answering", panel.Markup);
    }
}
