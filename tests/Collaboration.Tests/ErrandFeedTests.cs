using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Collaboration.Apis;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Errands;
using Codewalkers.ServiceDefaults;
using MassTransit;
using static Codewalkers.Collaboration.Apis.EventsApi;

namespace Codewalkers.Collaboration.Tests;

/// <summary>
/// Errands in the activity feed (errand.&lt;status&gt;, errand.deleted, the errandId filter, webhooks) and in the inbox
/// (an errand agent's questions carry the errand).
/// </summary>
public sealed class ErrandFeedTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-07T01:00:00Z");

    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    private static ErrandStatusChanged Moved(
        string errand, string? agent, string? from, string to, long version, string project = "p-errands") =>
        new(errand, project, "Fix the typo in the README", "cw/errand-fix-the-typo-in-the-readme", "main", agent,
            from, to, version, At.AddSeconds(version));

    private async Task<FeedPage> PageAsync(string query) =>
        (await _client.GetFromJsonAsync<FeedPage>($"/api/events?{query}"))!;

    [Fact]
    public async Task An_errands_life_is_in_the_feed_once_per_status_with_its_agent_and_filtered_by_errand()
    {
        var (errand, other, agent) = (Ids.New(), Ids.New(), Ids.New());
        await factory.DeliverAsync(Moved(errand, null, null, ErrandStatuses.Active, 1));
        // Its agent's own events carry the errand too.
        await factory.DeliverAsync(new AgentStatusChanged(agent, "quick-fox", "idle", "running", "started",
            AgentModes.Errand, new AgentContext(null, null, null, errand), 2, At));
        await factory.DeliverAsync(Moved(other, null, null, ErrandStatuses.Active, 1));
        var review = Moved(errand, agent, ErrandStatuses.Active, ErrandStatuses.PendingReview, 2);
        await factory.DeliverAsync(review);
        await factory.DeliverAsync(review); // published again by the outbox: one entry
        await factory.DeliverAsync(Moved(errand, agent, null, ErrandStatuses.Active, 1)); // late: passed already
        await factory.DeliverAsync(Moved(errand, agent, ErrandStatuses.PendingReview, ErrandStatuses.Merged, 3));
        await factory.DeliverAsync(Moved(errand, agent, ErrandStatuses.Merged, "paused", 4)); // a word it does not know
        await factory.DeliverAsync(new ErrandDeleted(errand, "p-errands", 5, At.AddSeconds(5)));

        var page = await PageAsync($"errandId={errand}");

        Assert.Equal(
            [FeedKinds.ErrandActive, FeedKinds.AgentRunning, FeedKinds.ErrandPendingReview, FeedKinds.ErrandMerged,
                FeedKinds.ErrandDeleted],
            page.Events.Select(e => e.Kind));
        Assert.All(page.Events, e => Assert.Equal(errand, e.ErrandId));
        var pending = page.Events[2];
        Assert.Equal(agent, pending.AgentId);
        Assert.Equal(
            (errand, "p-errands", "Fix the typo in the README", "cw/errand-fix-the-typo-in-the-readme", "main",
                "active", "pending_review"),
            (Text(pending.Data, "errandId"), Text(pending.Data, "projectId"), Text(pending.Data, "description"),
                Text(pending.Data, "branch"), Text(pending.Data, "baseBranch"), Text(pending.Data, "from"),
                Text(pending.Data, "to")));
        Assert.Null(page.Events[0].AgentId);
        Assert.Equal(JsonValueKind.Null, page.Events[0].Data.GetProperty("from").ValueKind);
        var deleted = page.Events[^1];
        Assert.Equal((null, errand, "p-errands"), (deleted.AgentId, Text(deleted.Data, "errandId"),
            Text(deleted.Data, "projectId")));

        var merged = await PageAsync($"errandId={errand}&kind={FeedKinds.ErrandMerged}");
        Assert.Equal([FeedKinds.ErrandMerged], merged.Events.Select(e => e.Kind));
        Assert.Equal([FeedKinds.ErrandActive], (await PageAsync($"errandId={other}")).Events.Select(e => e.Kind));
        Assert.Contains(FeedKinds.ErrandMerged,
            (await _client.GetFromJsonAsync<string[]>("/api/events/kinds"))!);
    }

    [Fact]
    public async Task An_errand_event_about_no_valid_id_records_nothing()
    {
        await factory.DeliverAsync(Moved("not an id!", null, null, ErrandStatuses.Active, 1, project: "p-bad"));
        var bad = Ids.New();
        await factory.DeliverAsync(Moved(bad, "not an agent id!", null, ErrandStatuses.Active, 1));
        Assert.DoesNotContain((await PageAsync("kind=errand.active&limit=1000")).Events,
            e => e.ErrandId == bad || e.Data.GetProperty("projectId").GetString() == "p-bad");
    }

    [Fact]
    public async Task A_webhook_subscribed_to_errand_merged_receives_the_merge_with_its_errand()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var created = await _client.PostAsJsonAsync("/api/webhooks",
            new WebhooksApi.CreateWebhookRequest(receiver.Url, [FeedKinds.ErrandMerged]));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var webhook = (await created.Content.ReadFromJsonAsync<WebhooksApi.CreatedWebhookResponse>())!;
        var (errand, agent) = (Ids.New(), Ids.New());

        await factory.DeliverAsync(Moved(errand, agent, ErrandStatuses.Active, ErrandStatuses.PendingReview, 2));
        await factory.DeliverAsync(Moved(errand, agent, ErrandStatuses.PendingReview, ErrandStatuses.Merged, 3));

        await Eventually.TrueAsync(() => Task.FromResult(receiver.Received.Any(r => r.Text.Contains(errand))),
            "the merge delivered", TimeSpan.FromSeconds(20));
        await Task.Delay(300);
        var delivery = Assert.Single(receiver.Received, r => r.Text.Contains(errand));
        using var body = JsonDocument.Parse(delivery.Body);
        var root = body.RootElement;
        Assert.Equal((FeedKinds.ErrandMerged, errand, agent, "merged"),
            (root.GetProperty("kind").GetString(), root.GetProperty("errandId").GetString(),
                root.GetProperty("agentId").GetString(), root.GetProperty("data").GetProperty("to").GetString()));
        await _client.DeleteAsync($"/api/webhooks/{webhook.Id}");
    }

    [Fact]
    public async Task An_errand_agents_questions_and_crash_carry_the_errand_in_the_inbox()
    {
        var (errand, agent) = (Ids.New(), Ids.New());
        var context = new AgentContext(null, null, null, errand);
        await factory.DeliverAsync(new AgentSpawned(agent, "quick-fox", Ids.New(), AgentModes.Errand, "claude",
            context, 1, At), NewId.NextGuid());
        await factory.DeliverAsync(new AgentStatusChanged(agent, "quick-fox", "running", "waiting_for_input",
            "waiting_for_input", AgentModes.Errand, context, 3, At), NewId.NextGuid());
        await factory.DeliverAsync(new AgentQuestionsAsked(agent, "quick-fox", AgentModes.Errand, context, 1,
            [new AgentQuestion("q1", "Which README, the root one?")], 3, At), NewId.NextGuid());
        await factory.DeliverAsync(new AgentStatusChanged(agent, "quick-fox", "waiting_for_input", "crashed",
            "process_crash", AgentModes.Errand, context, 4, At.AddSeconds(1)), NewId.NextGuid());

        var items = (await _client.GetFromJsonAsync<MessageResponse[]>($"/api/messages?errandId={errand}"))!;

        Assert.Equal(["agent_crashed", "questions"], items.Select(i => i.Kind).Order());
        Assert.All(items, i => Assert.Equal((errand, agent), (i.ErrandId, i.AgentId)));
        Assert.Empty((await _client.GetFromJsonAsync<MessageResponse[]>($"/api/messages?errandId={Ids.New()}"))!);
    }

    private static string? Text(JsonElement data, string name) => data.GetProperty(name).GetString();
}
