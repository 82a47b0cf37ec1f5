using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Collaboration.Apis;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Tests.Inbox;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.ServiceDefaults;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Tests.Chat;

/// <summary>Opening, listing, closing and reopening chat sessions; one active session per target; bad input.</summary>
public sealed class ChatSessionApiTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly ChatDriver _chat = new(factory);

    [Fact]
    public async Task Opening_a_chat_on_a_phase_creates_a_session_and_opening_it_again_returns_the_same_one()
    {
        var plan = await _chat.PlanAsync();

        var first = await _chat.OpenRawAsync("phase", plan.PhaseId);
        var again = await _chat.OpenRawAsync("phase", plan.PhaseId);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var created = (await first.Content.ReadFromJsonAsync<ChatSessionResponse>())!;
        var reused = (await again.Content.ReadFromJsonAsync<ChatSessionResponse>())!;
        Assert.Equal(created.Id, reused.Id);
        Assert.Equal(("phase", plan.PhaseId, plan.InitiativeId, plan.PhaseId, null, "active", "idle", null),
            (created.TargetType, created.TargetId, created.InitiativeId, created.PhaseId, created.TaskId,
                created.Status, created.TurnState, created.AgentId));
        Assert.Equal($"/api/chat-sessions/{created.Id}", first.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_task_chat_knows_the_tasks_phase_and_initiative_and_is_separate_from_the_phase_chat()
    {
        var plan = await _chat.PlanAsync();

        var phase = await _chat.OpenAsync("phase", plan.PhaseId);
        var task = await _chat.OpenAsync("task", plan.TaskId);

        Assert.NotEqual(phase.Id, task.Id);
        Assert.Equal((plan.InitiativeId, plan.PhaseId, plan.TaskId),
            (task.InitiativeId, task.PhaseId, task.TaskId));
    }

    [Fact]
    public async Task A_target_created_a_moment_ago_is_waited_for_and_an_unknown_one_is_a_404()
    {
        var plan = await _chat.PlanAsync();
        var late = Ids.New();

        var opening = _chat.OpenRawAsync("task", late);
        await Task.Delay(TimeSpan.FromSeconds(1));
        await factory.TaskAsync(late, plan.PhaseId, plan.InitiativeId, "Add refunds", "pending", 1);
        Assert.Equal(HttpStatusCode.Created, (await opening).StatusCode);

        var unknown = Ids.New();
        var problem = await ChatDriver.ProblemAsync(await _chat.OpenRawAsync("phase", unknown),
            HttpStatusCode.NotFound);
        Assert.Contains(unknown, problem.Detail);
        // A task's id is not a phase.
        await ChatDriver.ProblemAsync(await _chat.OpenRawAsync("phase", plan.TaskId), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_completed_phase_or_task_or_a_task_of_a_completed_phase_cannot_be_chatted_about()
    {
        var done = await _chat.PlanAsync(phaseStatus: "completed");
        var open = await _chat.PlanAsync(taskStatus: "completed");

        var phase = await ChatDriver.ProblemAsync(await _chat.OpenRawAsync("phase", done.PhaseId),
            HttpStatusCode.Conflict);
        var inDonePhase = await ChatDriver.ProblemAsync(await _chat.OpenRawAsync("task", done.TaskId),
            HttpStatusCode.Conflict);
        var task = await ChatDriver.ProblemAsync(await _chat.OpenRawAsync("task", open.TaskId),
            HttpStatusCode.Conflict);

        Assert.Contains("phase 'Payments' is completed", phase.Detail);
        Assert.Contains("its phase 'Payments' is completed", inDonePhase.Detail);
        Assert.Contains("task 'Add Stripe' is completed", task.Detail);
        Assert.Equal(0, await factory.QueryAsync(db => db.ChatSessions.CountAsync(
            s => s.InitiativeId == done.InitiativeId || s.InitiativeId == open.InitiativeId)));
    }

    [Theory]
    [InlineData("initiative", "targetType")]
    [InlineData(null, "targetType")]
    [InlineData("phase", "targetId")]
    public async Task Bad_open_requests_are_400s_naming_the_field(string? targetType, string field)
    {
        var problem = await ChatDriver.ProblemAsync(
            await _chat.OpenRawAsync(targetType, targetType == "phase" ? "not-an-id" : Ids.New()),
            HttpStatusCode.BadRequest);
        Assert.StartsWith($"{field}:", problem.Detail);
    }

    [Fact]
    public async Task Closing_records_the_feed_entry_once_reopening_brings_it_back_and_a_second_active_one_blocks_it()
    {
        var plan = await _chat.PlanAsync();
        var session = await _chat.OpenAsync("phase", plan.PhaseId);

        var closed = await _chat.PostAsync($"{session.Id}/close");
        await _chat.PostAsync($"{session.Id}/close");
        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal("closed", (await _chat.GetAsync(session.Id)).Status);
        var entries = await factory.QueryAsync(db => db.FeedEntries
            .Where(e => e.Kind == FeedKinds.ChatSessionClosed && e.PhaseId == plan.PhaseId).ToListAsync());
        var entry = Assert.Single(entries);
        using (var payload = JsonDocument.Parse(entry.Payload))
            Assert.Equal(session.Id, payload.RootElement.GetProperty("sessionId").GetString());

        // With the old one closed, opening the target starts a new session; the old one cannot come back beside it.
        var second = await _chat.OpenRawAsync("phase", plan.PhaseId);
        Assert.Equal(HttpStatusCode.Created, second.StatusCode);
        var secondId = (await second.Content.ReadFromJsonAsync<ChatSessionResponse>())!.Id;
        var blocked = await ChatDriver.ProblemAsync(await _chat.PostAsync($"{session.Id}/reopen"),
            HttpStatusCode.Conflict);
        Assert.Contains(secondId, blocked.Detail);

        await _chat.PostAsync($"{secondId}/close");
        var reopened = await _chat.PostAsync($"{session.Id}/reopen");
        Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        Assert.Equal("active", (await reopened.Content.ReadFromJsonAsync<ChatSessionResponse>())!.Status);
        Assert.Equal(session.Id, (await _chat.OpenAsync("phase", plan.PhaseId)).Id);
    }

    [Fact]
    public async Task The_list_filters_by_target_and_status_and_shows_no_messages()
    {
        var plan = await _chat.PlanAsync();
        var phase = await _chat.OpenAsync("phase", plan.PhaseId);
        var task = await _chat.OpenAsync("task", plan.TaskId);
        await _chat.SayAsync(task.Id, "Split this task in two.");
        await _chat.PostAsync($"{phase.Id}/close");

        var ofTask = await _chat.Client.GetFromJsonAsync<ChatSessionResponse[]>(
            $"/api/chat-sessions?targetType=task&targetId={plan.TaskId}");
        var closed = await _chat.Client.GetFromJsonAsync<ChatSessionResponse[]>(
            $"/api/chat-sessions?targetId={plan.PhaseId}&status=closed");
        var active = await _chat.Client.GetFromJsonAsync<ChatSessionResponse[]>(
            $"/api/chat-sessions?targetId={plan.PhaseId}&status=active");

        Assert.Equal([task.Id], ofTask!.Select(s => s.Id));
        Assert.Null(ofTask![0].Messages);
        Assert.Equal([phase.Id], closed!.Select(s => s.Id));
        Assert.Empty(active!);
        var bad = await ChatDriver.ProblemAsync(await _chat.Client.GetAsync("/api/chat-sessions?status=open"),
            HttpStatusCode.BadRequest);
        Assert.StartsWith("status:", bad.Detail);
        await ChatDriver.ProblemAsync(await _chat.Client.GetAsync($"/api/chat-sessions/{Ids.New()}"),
            HttpStatusCode.NotFound);
    }
}
