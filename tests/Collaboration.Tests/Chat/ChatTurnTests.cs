using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Collaboration.Apis;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Chat;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Tests.Chat;

/// <summary>
/// Turns of a chat: a message sends StartChatTurn to Planning (a new agent with the history, or the live agent), and
/// Planning's and the Agents service's events become messages and move the session's state.
/// </summary>
public sealed class ChatTurnTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly ChatDriver _chat = new(factory);

    private async Task<(ChatPlan Plan, string SessionId)> SessionAsync(string targetType = "phase")
    {
        var plan = await _chat.PlanAsync();
        var session = await _chat.OpenAsync(targetType, targetType == "phase" ? plan.PhaseId : plan.TaskId);
        return (plan, session.Id);
    }

    [Fact]
    public async Task The_first_message_starts_a_new_agent_and_the_next_one_resumes_it_after_its_reply()
    {
        var (plan, sessionId) = await SessionAsync();

        var working = await _chat.SayAsync(sessionId, "Add a task for refunds after the Stripe one.");
        var turn = working.Messages![^1];
        Assert.Equal(("user", "Add a task for refunds after the Stripe one.", "working"),
            (turn.Role, turn.Content, working.TurnState));
        var first = await _chat.SentTurnAsync(turn.Id);
        Assert.Equal((sessionId, "phase", plan.PhaseId, null, 0),
            (first.SessionId, first.TargetType, first.TargetId, first.AgentId, first.History!.Count));

        var agent = Ids.New();
        await _chat.StartedAsync(sessionId, turn.Id, agent);
        var started = await _chat.GetAsync(sessionId);
        Assert.Equal((agent, "chatty-owl", "working"), (started.AgentId, started.AgentName, started.TurnState));

        var busy = await ChatDriver.ProblemAsync(await _chat.SayRawAsync(sessionId, "And another."),
            HttpStatusCode.Conflict);
        Assert.Contains("still answering", busy.Detail);

        var changeSet = Ids.New();
        var (created, dependency) = (Ids.New(), Ids.New());
        await _chat.CompletedAsync(sessionId, turn.Id, agent, "Added 'Refunds' after 'Add Stripe'.", changeSet,
            new ChatChange("task", created, "create", "Refunds"),
            new ChatChange("dependency", dependency, "create", "Refunds -> Add Stripe"));
        var answered = await _chat.GetAsync(sessionId);
        var reply = answered.Messages![^1];
        Assert.Equal(("idle", "assistant", "Added 'Refunds' after 'Add Stripe'.", changeSet, false),
            (answered.TurnState, reply.Role, reply.Content, reply.ChangeSetId, reply.Reverted));
        Assert.Equal([("task", created, "create", "Refunds"), ("dependency", dependency, "create",
            "Refunds -> Add Stripe")], reply.Changes.Select(c => (c.EntityType, c.EntityId, c.Action, c.Title)));

        var next = await _chat.SayAsync(sessionId, "Now delete the refunds task.");
        var second = await _chat.SentTurnAsync(next.Messages![^1].Id);
        Assert.Equal((agent, null), (second.AgentId, second.History));
        Assert.Equal(["user", "assistant", "user"], next.Messages.Select(m => m.Role));
    }

    [Fact]
    public async Task Every_message_is_in_the_feed_with_its_session_and_target()
    {
        var (plan, sessionId) = await SessionAsync("task");
        var turn = (await _chat.SayAsync(sessionId, "Make it smaller.")).Messages![^1].Id;
        await _chat.CompletedAsync(sessionId, turn, Ids.New(), "Nothing to change: it is small already.");

        var entries = await factory.QueryAsync(db => db.FeedEntries
            .Where(e => e.Kind == FeedKinds.ChatMessageCreated && e.TaskId == plan.TaskId).OrderBy(e => e.Id)
            .ToListAsync());

        Assert.Equal(2, entries.Count);
        var roles = entries.Select(e =>
        {
            using var payload = JsonDocument.Parse(e.Payload);
            var root = payload.RootElement;
            Assert.Equal((sessionId, "task", plan.TaskId), (root.GetProperty("sessionId").GetString(),
                root.GetProperty("targetType").GetString(), root.GetProperty("targetId").GetString()));
            return root.GetProperty("role").GetString();
        });
        Assert.Equal(["user", "assistant"], roles);
        Assert.All(entries, e => Assert.Equal((plan.InitiativeId, plan.PhaseId), (e.InitiativeId, e.PhaseId)));
    }

    [Fact]
    public async Task A_failed_turn_is_a_system_message_with_one_line_per_problem_and_a_repeat_adds_nothing()
    {
        var (_, sessionId) = await SessionAsync();
        var turn = (await _chat.SayAsync(sessionId, "Delete task X.")).Messages![^1].Id;

        await _chat.FailedAsync(sessionId, turn, null, "tasks/abc.md: no task 'abc' exists",
            "dependencies: a cycle between 'A' and 'B'");
        await _chat.FailedAsync(sessionId, turn, null, "published again under a new message id");

        var session = await _chat.GetAsync(sessionId);
        var failure = session.Messages![^1];
        Assert.Equal(2, session.Messages.Count);
        Assert.Equal(("system", "idle", null), (failure.Role, session.TurnState, failure.ChangeSetId));
        Assert.Equal("The turn failed:\n- tasks/abc.md: no task 'abc' exists\n- dependencies: a cycle between 'A' "
            + "and 'B'", failure.Content);
    }

    [Fact]
    public async Task The_agents_questions_appear_in_the_chat_and_the_next_message_answers_them_through_the_agent()
    {
        var (plan, sessionId) = await SessionAsync();
        var turn = (await _chat.SayAsync(sessionId, "Add a task for refunds.")).Messages![^1].Id;
        var agent = Ids.New();
        await _chat.StartedAsync(sessionId, turn, agent);

        await factory.DeliverAsync(new AgentQuestionsAsked(agent, "chatty-owl", AgentModes.Chat,
            new AgentContext(null, plan.PhaseId, plan.InitiativeId, null), 1,
            [new AgentQuestion("q1", "Full or partial refunds?", ["full", "partial"])], 3, DateTimeOffset.UtcNow));

        var waiting = await _chat.GetAsync(sessionId);
        Assert.Equal("waiting_for_answers", waiting.TurnState);
        Assert.Equal(("assistant", "The agent asks:\n- Full or partial refunds? (options: full, partial)"),
            (waiting.Messages![^1].Role, waiting.Messages[^1].Content));

        // Answered in the chat only: an inbox reply would resume the agent around Planning's turn.
        var inbox = await _chat.Client.GetFromJsonAsync<MessageResponse[]>($"/api/messages?agentId={agent}");
        Assert.Empty(inbox!);

        var answer = await _chat.SayAsync(sessionId, "Partial.");
        var sent = await _chat.SentTurnAsync(answer.Messages![^1].Id);
        Assert.Equal((agent, "Partial."), (sent.AgentId, sent.Message));
    }

    [Fact]
    public async Task A_crashed_agent_is_forgotten_and_the_next_message_starts_a_new_one_with_the_history()
    {
        var (plan, sessionId) = await SessionAsync();
        var turn = (await _chat.SayAsync(sessionId, "Rename the phase.")).Messages![^1].Id;
        var agent = Ids.New();
        await _chat.StartedAsync(sessionId, turn, agent);

        await factory.DeliverAsync(new AgentStatusChanged(agent, "chatty-owl", "running", "crashed", "process_exit",
            AgentModes.Chat, new AgentContext(null, plan.PhaseId, plan.InitiativeId, null), 3,
            DateTimeOffset.UtcNow));

        var crashed = await _chat.GetAsync(sessionId);
        Assert.Equal((null, "idle", "system"), (crashed.AgentId, crashed.TurnState, crashed.Messages![^1].Role));
        Assert.Contains("crashed (process_exit)", crashed.Messages[^1].Content);

        var again = await _chat.SayAsync(sessionId, "Try again: rename it to Payments v2.");
        var sent = await _chat.SentTurnAsync(again.Messages![^1].Id);
        Assert.Null(sent.AgentId);
        Assert.Equal([("user", "Rename the phase."), ("system", crashed.Messages[^1].Content)],
            sent.History!.Select(h => (h.Role, h.Content)));
    }

    [Fact]
    public async Task A_deleted_agent_is_forgotten_and_a_late_started_event_of_it_does_not_bring_it_back()
    {
        var (_, sessionId) = await SessionAsync();
        var turn = (await _chat.SayAsync(sessionId, "Hello.")).Messages![^1].Id;
        var agent = Ids.New();
        await _chat.StartedAsync(sessionId, turn, agent);
        await _chat.CompletedAsync(sessionId, turn, agent, "Hello!");

        await factory.DeleteAsync(agent, 5);
        Assert.Null((await _chat.GetAsync(sessionId)).AgentId);

        var next = (await _chat.SayAsync(sessionId, "Still there?")).Messages![^1].Id;
        await factory.ChangeStatusAsync(agent, AgentStatuses.Crashed, 6);
        await _chat.StartedAsync(sessionId, next, agent);
        Assert.Null((await _chat.GetAsync(sessionId)).AgentId);
        Assert.Equal(2, (await _chat.SentTurnAsync(next)).History!.Count);
    }

    [Fact]
    public async Task A_closed_session_refuses_messages_and_after_reopening_a_new_agent_gets_the_history()
    {
        var (_, sessionId) = await SessionAsync();
        var turn = (await _chat.SayAsync(sessionId, "Add docs.")).Messages![^1].Id;
        var agent = Ids.New();
        await _chat.StartedAsync(sessionId, turn, agent);
        await _chat.PostAsync($"{sessionId}/close");

        var refused = await ChatDriver.ProblemAsync(await _chat.SayRawAsync(sessionId, "More."),
            HttpStatusCode.Conflict);
        Assert.Contains("reopen it first", refused.Detail);

        // The turn that ran when it closed still answers: its reply is shown.
        await _chat.CompletedAsync(sessionId, turn, agent, "Added a docs task.", Ids.New(),
            new ChatChange("task", Ids.New(), "create", "Docs"));
        await _chat.PostAsync($"{sessionId}/reopen");
        var reopened = await _chat.GetAsync(sessionId);
        Assert.Equal((null, "idle", "active"), (reopened.AgentId, reopened.TurnState, reopened.Status));

        var next = await _chat.SayAsync(sessionId, "Now add tests.");
        var sent = await _chat.SentTurnAsync(next.Messages![^1].Id);
        Assert.Null(sent.AgentId);
        Assert.Equal([("user", "Add docs."), ("assistant", "Added a docs task.")],
            sent.History!.Select(h => (h.Role, h.Content)));
    }

    [Fact]
    public async Task A_reply_to_an_older_turn_is_shown_but_leaves_the_current_turn_working()
    {
        var (_, sessionId) = await SessionAsync();
        var old = (await _chat.SayAsync(sessionId, "First.")).Messages![^1].Id;
        await _chat.PostAsync($"{sessionId}/close");
        await _chat.PostAsync($"{sessionId}/reopen");
        var current = (await _chat.SayAsync(sessionId, "Second.")).Messages![^1].Id;

        await _chat.CompletedAsync(sessionId, old, Ids.New(), "Answer to the first.");

        var session = await _chat.GetAsync(sessionId);
        Assert.Equal(("working", null), (session.TurnState, session.AgentId));
        Assert.Equal("Answer to the first.", session.Messages![^1].Content);
        Assert.NotEqual(old, current);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    [InlineData("long")]
    public async Task A_message_that_is_empty_or_too_long_is_a_400_naming_content_and_nothing_is_sent(string? content)
    {
        var (_, sessionId) = await SessionAsync();
        if (content == "long") content = new string('x', 20_001);

        var problem = await ChatDriver.ProblemAsync(await _chat.SayRawAsync(sessionId, content),
            HttpStatusCode.BadRequest);

        Assert.StartsWith("content:", problem.Detail);
        var session = await _chat.GetAsync(sessionId);
        Assert.Equal(("idle", 0), (session.TurnState, session.Messages!.Count));
        await ChatDriver.ProblemAsync(await _chat.SayRawAsync(Ids.New(), "Hi."), HttpStatusCode.NotFound);
    }
}
