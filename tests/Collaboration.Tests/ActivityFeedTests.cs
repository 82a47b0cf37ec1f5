using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Domain.Webhooks;
using Codewalkers.Collaboration.Infrastructure;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using static Codewalkers.Collaboration.Apis.EventsApi;

namespace Codewalkers.Collaboration.Tests;

/// <summary>The activity feed: which events become which entries, and reading them (a page, a live stream).</summary>
public sealed class ActivityFeedTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public void Every_agent_and_errand_status_has_a_kind()
    {
        Assert.All(FeedKinds.AgentStatusKinds, kind => Assert.True(FeedKinds.IsKnown(kind), kind));
        Assert.All(FeedKinds.ErrandStatusKinds, kind => Assert.True(FeedKinds.IsKnown(kind), kind));
        Assert.True(FeedKinds.IsKnown(FeedKinds.ErrandDeleted));
        Assert.Equal(FeedKinds.All.Count, FeedKinds.All.Distinct().Count());
    }

    [Fact]
    public async Task Agent_status_changes_and_questions_become_entries_with_their_ids()
    {
        var initiative = Ids.New();
        var agent = Ids.New();
        await factory.DeliverAsync(Status(agent, initiative, AgentStatuses.Running, 2));
        await factory.DeliverAsync(Status(agent, initiative, AgentStatuses.WaitingForInput, 3));
        await factory.DeliverAsync(new AgentQuestionsAsked(
            agent, "agent-a", "execute", new AgentContext("task-1", "phase-1", initiative, null), 1,
            [new AgentQuestion("q1", "Which port?", ["80", "8080"])], 3, DateTimeOffset.UtcNow));
        await factory.DeliverAsync(Status(agent, initiative, AgentStatuses.Crashed, 4));
        await factory.DeliverAsync(Status(agent, initiative, "hibernating", 5)); // a word the feed does not know

        var page = await PageAsync($"initiativeId={initiative}");

        Assert.Equal(
            [FeedKinds.AgentRunning, FeedKinds.AgentWaitingForInput, FeedKinds.AgentQuestionsAsked,
                FeedKinds.AgentCrashed],
            page.Events.Select(e => e.Kind));
        var crashed = page.Events[^1];
        Assert.Equal((initiative, "phase-1", "task-1", agent), (crashed.InitiativeId, crashed.PhaseId,
            crashed.TaskId, crashed.AgentId));
        Assert.Equal("crashed", crashed.Data.GetProperty("to").GetString());
        Assert.Equal("agent-a", crashed.Data.GetProperty("agentName").GetString());
        var question = page.Events[2].Data.GetProperty("questions")[0];
        Assert.Equal(("q1", "Which port?"), (question.GetProperty("id").GetString(),
            question.GetProperty("question").GetString()));
        Assert.True(page.Events.Zip(page.Events.Skip(1)).All(p => p.First.Id < p.Second.Id));
    }

    [Fact]
    public async Task An_event_about_no_valid_id_records_nothing()
    {
        var initiative = Ids.New();
        await factory.DeliverAsync(Status("not an id!", initiative, AgentStatuses.Running, 2));
        Assert.Empty((await PageAsync($"initiativeId={initiative}")).Events);
    }

    [Fact]
    public async Task Planning_entities_are_recorded_when_their_status_changes_and_only_then()
    {
        var (initiative, phase, task) = (Ids.New(), Ids.New(), Ids.New());
        await factory.DeliverAsync(new TaskCreated(task, phase, initiative, null, "Build", null, "execute", "medium",
            "pending", [], 1, DateTimeOffset.UtcNow));
        await factory.DeliverAsync(TaskEvent(task, phase, initiative, "pending", 2, name: "Renamed"));
        await factory.DeliverAsync(TaskEvent(task, phase, initiative, "blocked", 3));
        await factory.DeliverAsync(TaskEvent(task, phase, initiative, "completed", 2)); // stale: passed already
        await factory.DeliverAsync(TaskEvent(task, phase, initiative, "completed", 4));
        await factory.DeliverAsync(TaskEvent(task, phase, initiative, "completed", 4)); // the same version again
        await factory.DeliverAsync(new PhaseCreated(phase, initiative, "P1", "in_progress", [], 1,
            DateTimeOffset.UtcNow));
        await factory.DeliverAsync(new PhaseUpdated(phase, initiative, "P1", "pending_review", [], 2,
            DateTimeOffset.UtcNow));
        // No Created seen (it came before the feed existed): the first Updated counts as a change.
        await factory.DeliverAsync(new InitiativeUpdated(initiative, "Init", "completed", "cw/init", "yolo", false,
            [], 7, DateTimeOffset.UtcNow));

        var page = await PageAsync($"initiativeId={initiative}");

        Assert.Equal(
            [FeedKinds.TaskBlocked, FeedKinds.TaskCompleted, FeedKinds.PhasePendingReview,
                FeedKinds.InitiativeCompleted],
            page.Events.Select(e => e.Kind));
        var completed = page.Events[1];
        Assert.Equal((task, phase), (completed.TaskId, completed.PhaseId));
        Assert.Equal(("Build", "blocked"), (completed.Data.GetProperty("name").GetString(),
            completed.Data.GetProperty("previousStatus").GetString()));
    }

    [Fact]
    public async Task The_page_filters_by_kinds_and_pages_forward_from_an_id()
    {
        var initiative = Ids.New();
        var agent = Ids.New();
        for (var version = 2; version < 8; version++)
        {
            await factory.DeliverAsync(Status(agent, initiative,
                version % 2 == 0 ? AgentStatuses.Running : AgentStatuses.Idle, version));
        }
        await factory.DeliverAsync(Status(agent, Ids.New(), AgentStatuses.Running, 9)); // another initiative

        var all = await PageAsync($"initiativeId={initiative}");
        Assert.Equal(6, all.Events.Count);
        var running = await PageAsync($"initiativeId={initiative}&kind={FeedKinds.AgentRunning}");
        Assert.Equal(3, running.Events.Count);
        var both = await PageAsync(
            $"initiativeId={initiative}&kind={FeedKinds.AgentRunning}&kind={FeedKinds.AgentIdle}");
        Assert.Equal(6, both.Events.Count);
        var commaSeparated = await PageAsync(
            $"initiativeId={initiative}&kind={FeedKinds.AgentRunning},{FeedKinds.AgentCrashed}");
        Assert.Equal(3, commaSeparated.Events.Count);

        var first = await PageAsync($"initiativeId={initiative}&after=0&limit=4");
        var rest = await PageAsync($"initiativeId={initiative}&after={first.LastId}&limit=4");
        Assert.Equal(all.Events.Select(e => e.Id), first.Events.Concat(rest.Events).Select(e => e.Id));
        var latest = await PageAsync($"initiativeId={initiative}&limit=2");
        Assert.Equal(all.Events.TakeLast(2).Select(e => e.Id), latest.Events.Select(e => e.Id));
    }

    [Theory]
    [InlineData("kind=agent.sleeping", "kind", "agent.sleeping")]
    [InlineData("kind=agent.running,task.exploded", "kind", "task.exploded")]
    [InlineData("limit=0", "limit", "1..1000")]
    [InlineData("after=-1", "after", "negative")]
    public async Task Bad_filters_are_a_400_naming_the_problem(string query, string field, string named)
    {
        var response = await _client.GetAsync($"/api/events?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(named, string.Join(" ", problem!.Errors[field]));
    }

    [Fact]
    public async Task The_stream_replays_after_the_last_event_id_then_sends_new_entries_live()
    {
        var initiative = Ids.New();
        var agent = Ids.New();
        await factory.DeliverAsync(Status(agent, initiative, AgentStatuses.Running, 2));
        await factory.DeliverAsync(Status(agent, initiative, AgentStatuses.Idle, 3));
        var stored = (await PageAsync($"initiativeId={initiative}")).Events;

        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events?initiativeId={initiative}");
        request.Headers.Accept.ParseAdd("text/event-stream");
        request.Headers.Add("Last-Event-ID", stored[0].Id.ToString());
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        await using var body = await response.Content.ReadAsStreamAsync();
        var events = System.Net.ServerSentEvents.SseParser.Create(body).EnumerateAsync().GetAsyncEnumerator();

        var replayed = await NextAsync(events);
        Assert.Equal((stored[1].Id.ToString(), FeedKinds.AgentIdle), (replayed.EventId, replayed.EventType));

        await factory.DeliverAsync(Status(agent, Ids.New(), AgentStatuses.Running, 4)); // filtered out
        await factory.DeliverAsync(Status(agent, initiative, AgentStatuses.Stopped, 5));
        var live = await NextAsync(events);
        Assert.Equal(FeedKinds.AgentStopped, live.EventType);
        var data = JsonSerializer.Deserialize<FeedEvent>(live.Data, JsonSerializerOptions.Web)!;
        Assert.Equal((initiative, agent), (data.InitiativeId, data.AgentId));
        Assert.True(data.Id > stored[1].Id);
    }

    [Fact]
    public async Task An_idle_stream_sends_heartbeats()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/events?stream=true&initiativeId={Ids.New()}");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string? line;
        do line = await reader.ReadLineAsync(timeout.Token);
        while (line is not null && line != ": keep-alive");
        Assert.Equal(": keep-alive", line);
    }

    [Fact]
    public async Task Entries_past_the_retention_window_are_pruned_with_their_deliveries()
    {
        var initiative = Ids.New();
        // A kind no other test records, so the webhook's failing deliveries stay out of their way.
        var webhook = Webhook.Create(Ids.New(), "https://example.test/", [FeedKinds.TaskPending], null,
            DateTimeOffset.UtcNow);
        await factory.QueryAsync(async db =>
        {
            var old = FeedEntry.Create(FeedKinds.AgentCrashed, new FeedSubjectIds(initiative), "{}",
                DateTimeOffset.UtcNow.AddDays(-8), DateTimeOffset.UtcNow.AddDays(-8));
            var recent = FeedEntry.Create(FeedKinds.AgentCrashed, new FeedSubjectIds(initiative), "{}",
                DateTimeOffset.UtcNow, DateTimeOffset.UtcNow);
            db.AddRange(webhook, old, recent, WebhookDelivery.For(Ids.New(), webhook, old, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        var pruner = factory.Services.GetServices<IHostedService>().OfType<FeedPruner>().Single();

        Assert.True(await pruner.PruneAsync(CancellationToken.None) >= 1);

        var left = await PageAsync($"initiativeId={initiative}");
        Assert.Single(left.Events);
        Assert.False(await factory.QueryAsync(db =>
            db.WebhookDeliveries.AnyAsync(d => d.FeedEntry!.InitiativeId == initiative)));
        await factory.QueryAsync(db => db.Webhooks.Where(w => w.Id == webhook.Id).ExecuteDeleteAsync());
    }

    private static async Task<System.Net.ServerSentEvents.SseItem<string>> NextAsync(
        IAsyncEnumerator<System.Net.ServerSentEvents.SseItem<string>> events)
    {
        var move = events.MoveNextAsync().AsTask();
        Assert.True(await move.WaitAsync(TimeSpan.FromSeconds(10)), "the stream ended");
        return events.Current;
    }

    private async Task<FeedPage> PageAsync(string query) =>
        (await _client.GetFromJsonAsync<FeedPage>($"/api/events?{query}"))!;

    internal static AgentStatusChanged Status(string agent, string initiative, string to, long version) =>
        new(agent, "agent-a", AgentStatuses.Idle, to, "test", "execute",
            new AgentContext("task-1", "phase-1", initiative, null), version, DateTimeOffset.UtcNow);

    private static TaskUpdated TaskEvent(
        string task, string phase, string initiative, string status, long version, string name = "Build") =>
        new(task, phase, initiative, null, name, null, "execute", "medium", status, [], version, DateTimeOffset.UtcNow);
}
