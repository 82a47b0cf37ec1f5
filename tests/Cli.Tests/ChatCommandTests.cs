using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class ChatCommandTests
{
    private const string Changes = """
        [{"entityType":"task","entityId":"t9","action":"create","title":"Write the login tests"},
         {"entityType":"dependency","entityId":"d1","action":"create","title":"Write the login tests -> Login form"},
         {"entityType":"task","entityId":"t2","action":"update","title":"Login form"}]
        """;

    private const string UserMessage = """
        {"id":"m1","role":"user","content":"Split the login work","changeSetId":null,"changes":[],"reverted":false,
         "createdAt":"2026-12-07T10:00:00Z"}
        """;

    private const string Reply = $$"""
        {"id":"m2","role":"assistant","content":"I added a test task before the form.\nThe form task is narrower.",
         "changeSetId":"cs1","changes":{{Changes}},"reverted":false,"createdAt":"2026-12-07T10:01:00Z"}
        """;

    /// <summary>A session as the API answers it; without <paramref name="messages"/> (create, list) none.</summary>
    private static string Session(string turnState = "idle", string? messages = null, string status = "active",
        string target = "phase", string targetId = "p1", string agent = "\"brave-otter\"") => $$"""
        {"id":"s1","targetType":"{{target}}","targetId":"{{targetId}}","initiativeId":"i1","phaseId":"p1",
         "taskId":null,"status":"{{status}}","agentId":{{(agent == "null" ? "null" : "\"a1\"")}},"agentName":{{agent}},
         "turnState":"{{turnState}}","createdAt":"2026-12-07T10:00:00Z","updatedAt":"2026-12-07T10:01:00Z",
         "version":3{{(messages is null ? "" : $",\"messages\":[{messages}]")}}}
        """;

    /// <summary>Opening the phase's session and posting to it, as a first message.</summary>
    private static ScriptedApi Posting(string posted) => new ScriptedApi()
        .On("POST /api/chat-sessions", 201, Session(agent: "null"))
        .On("POST /api/chat-sessions/s1/messages", 202, posted);

    /// <summary>GET /api/chat-sessions/s1 answering each of <paramref name="states"/> in turn, then the last.</summary>
    private static ScriptedApi Looks(ScriptedApi api, params string[] states)
    {
        var look = 0;
        return api.On("GET /api/chat-sessions/s1", _ => (200, states[Math.Min(look++, states.Length - 1)]));
    }

    private static int LookCount(ScriptedApi api) => api.Requests.Count(r => r.Request == "GET /api/chat-sessions/s1");

    [Fact]
    public async Task Phase_opens_the_session_posts_the_message_and_prints_the_reply_with_its_change_set()
    {
        var api = Looks(Posting(Session("working", UserMessage, agent: "null")),
            Session("working", UserMessage), Session("working", UserMessage),
            Session("idle", $"{UserMessage},{Reply}"));

        var run = await Cw.RunAsync(api, "chat phase p1 \"Split the login work\" --interval 0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"targetType":"phase","targetId":"p1"}""",
            api.Requests.Single(r => r.Request == "POST /api/chat-sessions").Body);
        Assert.Equal("""{"content":"Split the login work"}""",
            api.Requests.Single(r => r.Request == "POST /api/chat-sessions/s1/messages").Body);
        Assert.Equal(3, LookCount(api));
        Assert.Contains("Sent m1 to chat session s1 on phase p1 (a new conversation). Waiting for the reply.", run.Out);
        Assert.Contains("working, agent brave-otter", run.Out);
        Assert.Contains("brave-otter:\n  I added a test task before the form.\n  The form task is narrower.", run.Out);
        Assert.Contains("Change set cs1: 3 change(s)", run.Out);
        Assert.Matches(@"create\s+task\s+Write the login tests\s+t9", run.Out);
        Assert.Matches(@"create\s+dependency\s+Write the login tests -> Login form\s+d1", run.Out);
        Assert.Matches(@"update\s+task\s+Login form\s+t2", run.Out);
        Assert.Contains("Revert it: cw chat revert s1 m2", run.Out);
        Assert.Empty(run.Error);
    }

    [Fact]
    public async Task A_reply_that_changed_nothing_says_the_plan_is_unchanged()
    {
        const string answer = """
            {"id":"m2","role":"assistant","content":"The phase already covers that.","changeSetId":null,
             "changes":[],"reverted":false,"createdAt":"2026-12-07T10:01:00Z"}
            """;
        var api = Looks(Posting(Session("working", UserMessage)), Session("idle", $"{UserMessage},{answer}"));

        var run = await Cw.RunAsync(api, "chat phase p1 \"Does it cover logout?\" --interval 0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("The phase already covers that.", run.Out);
        Assert.Contains("No changes to the plan.", run.Out);
        Assert.DoesNotContain("cw chat revert", run.Out);
    }

    [Fact]
    public async Task Task_goes_on_with_the_active_session_and_waits_past_the_earlier_replies()
    {
        // The session already had a turn: its reply m2 comes before the new message m3 and is not this turn's.
        const string second = """
            {"id":"m3","role":"user","content":"Now drop the test task","changeSetId":null,"changes":[],
             "reverted":false,"createdAt":"2026-12-07T10:05:00Z"}
            """;
        const string secondReply = """
            {"id":"m4","role":"assistant","content":"Dropped it.","changeSetId":"cs2",
             "changes":[{"entityType":"task","entityId":"t9","action":"delete","title":"Write the login tests"}],
             "reverted":false,"createdAt":"2026-12-07T10:06:00Z"}
            """;
        var history = $"{UserMessage},{Reply},{second}";
        var api = Looks(new ScriptedApi()
                .On("POST /api/chat-sessions", 200, Session(target: "task", targetId: "t2"))
                .On("POST /api/chat-sessions/s1/messages", 202,
                    Session("working", history, target: "task", targetId: "t2")),
            Session("working", history, target: "task", targetId: "t2"),
            Session("idle", $"{history},{secondReply}", target: "task", targetId: "t2"));

        var run = await Cw.RunAsync(api, "chat task t2 - --interval 0.1", input: "Now drop the test task\n");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("""{"targetType":"task","targetId":"t2"}""", api.Requests[0].Body);
        Assert.Equal("""{"content":"Now drop the test task\n"}""", api.Requests[1].Body);
        Assert.Equal(2, LookCount(api));
        Assert.Contains("Sent m3 to chat session s1 on task t2 (2 earlier messages).", run.Out);
        Assert.Contains("Dropped it.", run.Out);
        Assert.DoesNotContain("I added a test task", run.Out);
        Assert.Matches(@"delete\s+task\s+Write the login tests\s+t9", run.Out);
        Assert.Contains("Revert it: cw chat revert s1 m4", run.Out);
    }

    [Fact]
    public async Task A_failed_turn_exits_1_with_its_problems_on_stderr()
    {
        const string failed = """
            {"id":"m2","role":"system",
             "content":"The turn failed:\n- tasks/t7.md: no task t7 to update\n- tasks/t9.md: a cycle (t9 -> t2)",
             "changeSetId":null,"changes":[],"reverted":false,"createdAt":"2026-12-07T10:01:00Z"}
            """;
        var api = Looks(Posting(Session("working", UserMessage)), Session("idle", $"{UserMessage},{failed}"));

        var run = await Cw.RunAsync(api, "chat phase p1 \"Split the login work\" --interval 0.1");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: The turn failed:\n    - tasks/t7.md: no task t7 to update\n" +
            "    - tasks/t9.md: a cycle (t9 -> t2)\n" +
            "    The plan is unchanged. Try again: cw chat phase p1 \"<message>\"\n", run.Error.Replace("\r\n", "\n"));
        Assert.DoesNotContain("Change set", run.Out);
    }

    [Fact]
    public async Task Questions_are_printed_with_how_to_answer_and_exit_1()
    {
        const string questions = """
            {"id":"m2","role":"assistant",
             "content":"The agent asks (answer in your next message):\n- Cover OAuth?\n- Keep the old form?",
             "changeSetId":null,"changes":[],"reverted":false,"createdAt":"2026-12-07T10:01:00Z"}
            """;
        var api = Looks(Posting(Session("working", UserMessage)),
            Session("waiting_for_answers", $"{UserMessage},{questions}"));

        var run = await Cw.RunAsync(api, "chat phase p1 \"Split the login work\" --interval 0.1");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("brave-otter:\n  The agent asks (answer in your next message):\n  - Cover OAuth?\n" +
            "  - Keep the old form?", run.Out);
        Assert.Contains("Answer in the same session: cw chat phase p1 \"<answer>\"", run.Out);
        Assert.Equal("cw: The agent asks before it changes anything; answer with cw chat phase p1 \"<answer>\"",
            run.Error.Trim());
    }

    [Fact]
    public async Task A_session_closed_while_waiting_ends_the_wait_with_exit_1()
    {
        var api = Looks(Posting(Session("working", UserMessage)), Session("idle", UserMessage, status: "closed"));

        var run = await Cw.RunAsync(api, "chat phase p1 \"Split the login work\" --interval 0.1");

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Equal("cw: Chat session s1 was closed before the agent replied: cw chat reopen s1", run.Error.Trim());
    }

    [Fact]
    public async Task A_gateway_that_drops_out_while_waiting_is_asked_again()
    {
        var look = 0;
        var api = Posting(Session("working", UserMessage)).On("GET /api/chat-sessions/s1", _ => look++ == 0
            ? (503, """{"title":"Service unavailable","status":503,"detail":"collaboration is restarting."}""")
            : (200, Session("idle", $"{UserMessage},{Reply}")));

        var run = await Cw.RunAsync(api, "chat phase p1 \"Split the login work\" --interval 0.1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(2, LookCount(api));
        Assert.Contains("cw: connection lost (Service unavailable: collaboration is restarting); looking again.",
            run.Error);
        Assert.Contains("Revert it: cw chat revert s1 m2", run.Out);
    }

    [Fact]
    public async Task Json_prints_only_the_session_as_the_turn_ended()
    {
        var api = Looks(Posting(Session("working", UserMessage)), Session("working", UserMessage),
            Session("idle", $"{UserMessage},{Reply}"));

        var run = await Cw.RunAsync(api, "chat phase p1 \"Split the login work\" --interval 0.1 --json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var session = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal("idle", session.GetProperty("turnState").GetString());
        Assert.Equal("cs1", session.GetProperty("messages")[1].GetProperty("changeSetId").GetString());
    }

    [Fact]
    public async Task No_wait_only_sends_and_json_prints_the_answer_to_the_message()
    {
        var api = Posting(Session("working", UserMessage));

        var run = await Cw.RunAsync(api, "chat phase p1 \"Split the login work\" --no-wait");
        var json = await Cw.RunAsync(api, "chat phase p1 \"Split the login work\" --no-wait --json");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("Sent m1 to chat session s1 on phase p1 (a new conversation). The reply: cw chat show s1",
            run.Out.Trim());
        Assert.Equal("m1", JsonDocument.Parse(json.Out).RootElement.GetProperty("messages")[0].GetProperty("id")
            .GetString());
        Assert.Equal(0, LookCount(api));
    }

    [Fact]
    public async Task An_empty_message_is_refused_before_anything_is_sent()
    {
        var api = new ScriptedApi();

        var run = await Cw.RunAsync(api, "chat phase p1 \"  \"");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal("cw: The message is empty.", run.Error.Trim());
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_completed_phase_is_a_conflict_with_the_servers_reason()
    {
        var api = new ScriptedApi().On("POST /api/chat-sessions", 409, """
            {"title":"Target is completed","status":409,"detail":"Phase 'Login' is completed; nothing to refine."}
            """);

        var run = await Cw.RunAsync(api, "chat phase p1 \"Split the login work\"");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Equal("cw: Target is completed: Phase 'Login' is completed; nothing to refine.", run.Error.Trim());
        Assert.DoesNotContain(api.Requests, r => r.Request.EndsWith("/messages", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_while_the_agent_is_still_answering_is_a_conflict()
    {
        var api = new ScriptedApi().On("POST /api/chat-sessions", 200, Session("working"))
            .On("POST /api/chat-sessions/s1/messages", 409, """
                {"title":"Turn in progress","status":409,"detail":"The agent is still answering."}
                """);

        var run = await Cw.RunAsync(api, "chat phase p1 \"And another thing\"");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Equal("cw: Turn in progress: The agent is still answering.", run.Error.Trim());
        Assert.Equal(0, LookCount(api));
    }

    [Fact]
    public async Task List_filters_by_target_and_status_and_prints_a_table()
    {
        var api = new ScriptedApi().On("GET /api/chat-sessions?targetType=phase&targetId=p1&status=active", 200,
            $"[{Session()}]");

        var run = await Cw.RunAsync(api, "chat list --phase p1 --status active");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Matches(@"s1\s+phase p1\s+active\s+idle\s+brave-otter", run.Out);
    }

    [Fact]
    public async Task List_takes_one_target_and_says_when_there_is_none()
    {
        var api = new ScriptedApi().On("GET /api/chat-sessions?targetType=task&targetId=t2", 200, "[]");

        var both = await Cw.RunAsync(api, "chat list --phase p1 --task t2");
        var none = await Cw.RunAsync(api, "chat list --task t2");

        Assert.Equal(ExitCodes.Usage, both.ExitCode);
        Assert.Contains("Give --phase <id> or --task <id>, not both.", both.Error);
        Assert.Equal("No chat sessions. Start one: cw chat phase <id> \"<message>\"", none.Out.Trim());
        Assert.Single(api.Requests);
    }

    [Fact]
    public async Task Show_prints_the_messages_with_each_replys_changes()
    {
        var reverted = Reply.Replace("\"reverted\":false", "\"reverted\":true");
        var api = new ScriptedApi()
            .On("GET /api/chat-sessions/s1", 200, Session(messages: $"{UserMessage},{reverted}"));

        var run = await Cw.RunAsync(api, "chat show s1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("TARGET:", run.Out);
        Assert.Contains("phase p1", run.Out);
        Assert.Matches(@"user\s+m1: Split the login work", run.Out);
        Assert.Matches(@"assistant\s+m2: I added a test task before the form.\n\s+The form task is narrower.", run.Out);
        Assert.Contains("create task 'Write the login tests' (t9)", run.Out);
        Assert.Contains("change set cs1 (reverted)", run.Out);
        Assert.Contains("Next: cw chat phase p1 \"<message>\", or cw chat close s1", run.Out);
    }

    [Fact]
    public async Task Close_and_reopen_post_and_confirm()
    {
        var api = new ScriptedApi().On("POST /api/chat-sessions/s1/close", 200, Session(status: "closed"))
            .On("POST /api/chat-sessions/s1/reopen", 200, Session(agent: "null"));

        var close = await Cw.RunAsync(api, "chat close s1");
        var reopen = await Cw.RunAsync(api, "chat reopen s1");

        Assert.Equal("Chat session s1 on phase p1 closed. Reopen it: cw chat reopen s1", close.Out.Trim());
        Assert.Equal("Chat session s1 on phase p1 reopened. Go on: cw chat phase p1 \"<message>\"", reopen.Out.Trim());
        Assert.Equal(["POST /api/chat-sessions/s1/close", "POST /api/chat-sessions/s1/reopen"],
            api.Requests.Select(r => r.Request));
    }

    [Fact]
    public async Task Revert_prints_what_was_undone()
    {
        var api = new ScriptedApi().On("POST /api/chat-sessions/s1/messages/m2/revert", 200,
            Reply.Replace("\"reverted\":false", "\"reverted\":true"));

        var run = await Cw.RunAsync(api, "chat revert s1 m2");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains("Reverted change set cs1 of message m2: the plan is as it was before that turn. Undone:",
            run.Out);
        Assert.Contains("  create task 'Write the login tests' (t9)", run.Out);
        Assert.Contains("  update task 'Login form' (t2)", run.Out);
    }

    [Fact]
    public async Task A_stale_revert_is_a_conflict_naming_the_later_change()
    {
        var api = new ScriptedApi().On("POST /api/chat-sessions/s1/messages/m2/revert", 409, """
            {"title":"Change set is stale","status":409,
             "detail":"Task 'Login form' (t2) was changed after change set cs1; reverting would overwrite it."}
            """);

        var run = await Cw.RunAsync(api, "chat revert s1 m2");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.Equal("cw: Change set is stale: Task 'Login form' (t2) was changed after change set cs1; reverting " +
            "would overwrite it.", run.Error.Trim());
        Assert.Empty(run.Out);
    }
}
