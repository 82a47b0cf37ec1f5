using System.Net.Http.Json;
using Codewalkers.Collaboration.Apis;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;

namespace Codewalkers.Collaboration.Tests.Inbox;

/// <summary>Inbox items raised from events, with their plan context, and closed when nothing waits any more.</summary>
public sealed class InboxItemTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private async Task<MessageResponse[]> ListAsync(string query) =>
        (await _client.GetFromJsonAsync<MessageResponse[]>($"/api/messages?{query}"))!;

    [Fact]
    public async Task An_agents_questions_are_one_item_with_its_initiative_phase_and_task_names()
    {
        var plan = await factory.PlanAsync();
        await factory.AskAsync(plan, 3, new AgentQuestion("db", "Which database?", ["SQLite", "Postgres"]),
            new AgentQuestion("q2", "Anything else?"));

        var item = Assert.Single(await ListAsync($"agentId={plan.AgentId}"));
        Assert.Equal(("questions", "question", "agent", "user", "pending", true),
            (item.Kind, item.Type, item.SenderType, item.RecipientType, item.Status, item.RequiresResponse));
        Assert.Equal(("Checkout", "Payments", "Add Stripe", "brave-otter", 1),
            (item.InitiativeName, item.PhaseName, item.TaskName, item.AgentName, item.Session));
        Assert.Equal(["db", "q2"], item.Questions!.Select(q => q.Id));
        Assert.Equal(["SQLite", "Postgres"], item.Questions![0].Options!);
        Assert.Contains(item.Id, (await ListAsync("pendingForUser=true&requiresResponse=true")).Select(m => m.Id));
    }

    [Fact]
    public async Task A_finished_blocked_task_a_crashed_agent_and_a_phase_for_review_each_raise_one_notice()
    {
        var plan = await factory.PlanAsync();
        await factory.TaskAsync(plan.TaskId, plan.PhaseId, plan.InitiativeId, "Add Stripe", "completed", 2);
        await factory.TaskAsync(plan.TaskId, plan.PhaseId, plan.InitiativeId, "Add Stripe", "completed", 3);
        await factory.PhaseAsync(plan.PhaseId, plan.InitiativeId, "Payments", "pending_review", 2);
        await factory.PhaseAsync(plan.PhaseId, plan.InitiativeId, "Payments", "pending_review", 2);
        await factory.AgentStatusAsync(plan, "running", "crashed", 3, "process_crash");

        var items = await ListAsync($"initiativeId={plan.InitiativeId}");
        Assert.Equal(["agent_crashed", "phase_pending_review", "task_completed"], items.Select(i => i.Kind).Order());
        var completed = items.Single(i => i.Kind == "task_completed");
        Assert.Equal(("Task 'Add Stripe' is completed.", plan.AgentId, "Payments", false, "info"),
            (completed.Content, completed.AgentId, completed.PhaseName, completed.RequiresResponse, completed.Type));
        var crashed = items.Single(i => i.Kind == "agent_crashed");
        Assert.Equal(("Agent brave-otter crashed (process_crash).", "error", "Add Stripe"),
            (crashed.Content, crashed.Type, crashed.TaskName));
        var review = items.Single(i => i.Kind == "phase_pending_review");
        Assert.Equal((null, "Payments", "Checkout"), (review.TaskId, review.PhaseName, review.InitiativeName));

        var other = await factory.PlanAsync();
        await factory.TaskAsync(other.TaskId, other.PhaseId, other.InitiativeId, "Add Stripe", "blocked", 2);
        Assert.Equal("task_blocked", Assert.Single(await ListAsync($"taskId={other.TaskId}")).Kind);
    }

    [Fact]
    public async Task A_notice_marked_read_leaves_the_pending_list()
    {
        var plan = await factory.PlanAsync();
        await factory.TaskAsync(plan.TaskId, plan.PhaseId, plan.InitiativeId, "Add Stripe", "completed", 2);
        var item = Assert.Single(await ListAsync($"taskId={plan.TaskId}&pendingForUser=true"));

        (await _client.PostAsync($"/api/messages/{item.Id}/read", null)).EnsureSuccessStatusCode();

        Assert.Empty(await ListAsync($"taskId={plan.TaskId}&pendingForUser=true"));
        Assert.Equal("read", Assert.Single(await ListAsync($"taskId={plan.TaskId}")).Status);
    }

    [Fact]
    public async Task An_agent_answered_another_way_closes_its_question_item()
    {
        var plan = await factory.PlanAsync();
        await factory.AskAsync(plan, 3, new AgentQuestion("q1", "Which port?"));
        await factory.AgentStatusAsync(plan, "waiting_for_input", "running", 4, "resumed");

        var item = Assert.Single(await ListAsync($"agentId={plan.AgentId}"));
        Assert.Equal(("closed", "Agent brave-otter was answered another way and is running."),
            (item.Status, item.StatusReason));
        Assert.DoesNotContain(item.Id, (await ListAsync("pendingForUser=true")).Select(m => m.Id));
    }

    [Fact]
    public async Task Questions_arriving_after_the_agent_moved_on_are_raised_closed()
    {
        var plan = await factory.PlanAsync();
        await factory.AgentStatusAsync(plan, "running", "waiting_for_input", 3, "waiting_for_input");
        await factory.AgentStatusAsync(plan, "waiting_for_input", "stopped", 4, "user_requested");
        await factory.DeliverAsync(new AgentQuestionsAsked(plan.AgentId, "brave-otter", "execute", plan.Context, 1,
            [new AgentQuestion("q1", "late?")], 3, InboxEvents.At), MassTransit.NewId.NextGuid());

        Assert.Equal("closed", Assert.Single(await ListAsync($"agentId={plan.AgentId}")).Status);
    }

    [Fact]
    public async Task A_deleted_agent_closes_its_open_questions()
    {
        var plan = await factory.PlanAsync();
        await factory.AskAsync(plan, 3, new AgentQuestion("q1", "Which port?"));
        await factory.DeleteAsync(plan.AgentId, 5);

        var item = Assert.Single(await ListAsync($"agentId={plan.AgentId}"));
        Assert.Equal(("closed", $"Agent agent-{plan.AgentId[..5]} was deleted."), (item.Status, item.StatusReason));
    }

    [Fact]
    public async Task The_inbox_is_the_users_an_agent_token_is_refused()
    {
        var plan = await factory.PlanAsync();

        var response = await factory.ClientFor(plan.AgentId).GetAsync("/api/messages");

        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task The_list_is_newest_first_and_paged()
    {
        var plan = await factory.PlanAsync();
        foreach (var (status, version) in new[] { ("completed", 2L), ("in_progress", 3L), ("blocked", 4L) })
            await factory.TaskAsync(plan.TaskId, plan.PhaseId, plan.InitiativeId, "Add Stripe", status, version);

        var all = await ListAsync($"taskId={plan.TaskId}");
        Assert.Equal(2, all.Length);
        Assert.True(all[0].CreatedAt >= all[1].CreatedAt);
        var second = Assert.Single(await ListAsync($"taskId={plan.TaskId}&limit=1&offset=1"));
        Assert.Equal(all[1].Id, second.Id);
    }
}
