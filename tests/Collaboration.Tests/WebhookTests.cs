using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Codewalkers.Collaboration.Domain.Feed;
using Codewalkers.Collaboration.Domain.Webhooks;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using static Codewalkers.Collaboration.Apis.WebhooksApi;

namespace Codewalkers.Collaboration.Tests;

/// <summary>Webhooks: registering them, and deliveries that are signed, retried and never doubled.</summary>
public sealed class WebhookTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    private readonly HttpClient _client = factory.CreateAuthorizedClient();

    [Fact]
    public async Task The_secret_is_shown_once_and_a_removed_webhook_is_gone()
    {
        var created = await CreateAsync("https://example.test/hooks?team=1", FeedKinds.AgentWaitingForInput);
        Assert.Matches("^[0-9a-f]{64}$", created.Secret);
        Assert.Equal("https://example.test/hooks?team=1", created.Url);
        Assert.Equal([FeedKinds.AgentWaitingForInput], created.Kinds);

        var one = await _client.GetStringAsync($"/api/webhooks/{created.Id}");
        var all = await _client.GetStringAsync("/api/webhooks");
        Assert.DoesNotContain(created.Secret, one);
        Assert.DoesNotContain(created.Secret, all);
        Assert.Contains(created.Id, all);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/webhooks/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/webhooks/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/webhooks/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound,
            (await _client.GetAsync($"/api/webhooks/{created.Id}/deliveries")).StatusCode);
    }

    public static TheoryData<string, string, string> BadWebhooks => new()
    {
        { """{"kinds":["agent.crashed"]}""", "url", "required" },
        { """{"url":"/relative","kinds":["agent.crashed"]}""", "url", "not an absolute http or https" },
        { """{"url":"ftp://example.test/x","kinds":["agent.crashed"]}""", "url", "not an absolute http or https" },
        { """{"url":"https://user:pw@example.test/","kinds":["agent.crashed"]}""", "url", "user name" },
        { $$"""{"url":"https://example.test/{{new string('a', 3000)}}","kinds":["agent.crashed"]}""", "url", "2048" },
        { """{"url":"https://example.test/","kinds":[]}""", "kinds", "at least one" },
        { """{"url":"https://example.test/"}""", "kinds", "at least one" },
        { """{"url":"https://example.test/","kinds":["agent.crashed","agent.exploded"]}""", "kinds",
            "'agent.exploded'" },
        { $$"""{"url":"https://example.test/","kinds":["agent.crashed"],"description":"{{new string('d', 600)}}"}""",
            "description", "500" },
    };

    [Theory]
    [MemberData(nameof(BadWebhooks))]
    public async Task Bad_webhooks_are_a_400_naming_the_problem_and_store_nothing(
        string json, string field, string named)
    {
        var before = await factory.QueryAsync(db => db.Webhooks.CountAsync());

        var response = await _client.PostAsync("/api/webhooks",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<ValidationProblemDetails>();
        Assert.Contains(named, string.Join(" ", problem!.Errors[field]));
        Assert.Equal(before, await factory.QueryAsync(db => db.Webhooks.CountAsync()));
    }

    [Fact]
    public async Task A_megabyte_body_is_refused()
    {
        var json = $$"""{"url":"https://example.test/","kinds":["agent.crashed"],"description":"{{new string('d',
            1024 * 1024)}}"}""";
        var response = await _client.PostAsync("/api/webhooks",
            new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge,
            $"answered {response.StatusCode}");
    }

    [Fact]
    public async Task An_agent_token_may_not_manage_webhooks()
    {
        var agent = factory.CreateClient();
        agent.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Bearer", new Codewalkers.ServiceDefaults.Security.AgentTokens(factory.Token).Mint(Ids.New()));
        Assert.Equal(HttpStatusCode.Forbidden, (await agent.GetAsync("/api/webhooks")).StatusCode);
    }

    [Fact]
    public async Task A_delivery_is_signed_with_the_secret_and_names_itself_and_its_kind()
    {
        await using var receiver = new WebhookReceiver();
        await receiver.StartAsync();
        var webhook = await CreateAsync(receiver.Url, FeedKinds.AgentCrashed);
        var (initiative, agent) = (Ids.New(), Ids.New());

        await factory.DeliverAsync(ActivityFeedTests.Status(agent, initiative, AgentStatuses.Running, 2));
        await factory.DeliverAsync(ActivityFeedTests.Status(agent, initiative, AgentStatuses.Crashed, 3));

        var received = await ReceivedAsync(receiver, initiative, 1);
        var delivery = Assert.Single(received);
        Assert.True(WebhookSignature.IsValid(webhook.Secret, delivery.Body, delivery.Signature), delivery.Signature);
        Assert.False(WebhookSignature.IsValid("another secret", delivery.Body, delivery.Signature));
        using var body = JsonDocument.Parse(delivery.Body);
        var root = body.RootElement;
        Assert.Equal((FeedKinds.AgentCrashed, FeedKinds.AgentCrashed, delivery.DeliveryId),
            (delivery.Kind, root.GetProperty("kind").GetString(), root.GetProperty("deliveryId").GetString()));
        Assert.Equal((agent, "crashed"),
            (root.GetProperty("agentId").GetString(), root.GetProperty("data").GetProperty("to").GetString()));

        var deliveries = await _client.GetFromJsonAsync<List<DeliveryResponse>>(
            $"/api/webhooks/{webhook.Id}/deliveries");
        var stored = Assert.Single(deliveries!);
        Assert.Equal(("delivered", 1, 200, delivery.DeliveryId),
            (stored.Status, stored.Attempts, stored.LastStatusCode, stored.Id));
        await _client.DeleteAsync($"/api/webhooks/{webhook.Id}");
    }

    [Fact]
    public async Task A_receiver_that_was_down_gets_every_event_once_when_it_comes_back()
    {
        await using var receiver = new WebhookReceiver(); // not started: connections are refused
        var webhook = await CreateAsync(receiver.Url, FeedKinds.AgentRunning, FeedKinds.AgentIdle);
        var (initiative, agent) = (Ids.New(), Ids.New());
        for (var version = 2; version <= 5; version++)
        {
            await factory.DeliverAsync(ActivityFeedTests.Status(agent, initiative,
                version % 2 == 0 ? AgentStatuses.Running : AgentStatuses.Idle, version));
        }
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(webhook.Id)).All(d => d.Attempts >= 3),
            "every delivery tried three times while the receiver is down", TimeSpan.FromSeconds(20));
        var failing = await DeliveriesAsync(webhook.Id);
        Assert.All(failing, d => Assert.Equal("pending", d.Status));
        Assert.All(failing, d => Assert.NotNull(d.LastError));

        await receiver.StartAsync();
        var received = await ReceivedAsync(receiver, initiative, 4);

        Assert.Equal(4, received.Select(r => r.DeliveryId).Distinct().Count());
        Assert.All(received, r => Assert.True(WebhookSignature.IsValid(webhook.Secret, r.Body, r.Signature)));
        await Eventually.TrueAsync(async () => (await DeliveriesAsync(webhook.Id)).All(d => d.Status == "delivered"),
            "every delivery marked delivered");
        await Task.Delay(1500); // past the longest backoff: nothing comes a second time
        Assert.Equal(4, receiver.Received.Count(r => r.Text.Contains(initiative)));
        await _client.DeleteAsync($"/api/webhooks/{webhook.Id}");
    }

    [Fact]
    public void The_backoff_doubles_up_to_its_ceiling()
    {
        var options = new WebhookOptions();
        Assert.Equal(
            [1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300],
            Enumerable.Range(1, 11).Select(n => options.Backoff(n).TotalSeconds));
        Assert.Equal(TimeSpan.FromMinutes(5), options.Backoff(int.MaxValue));
    }

    private async Task<CreatedWebhookResponse> CreateAsync(string url, params string[] kinds)
    {
        var response = await _client.PostAsJsonAsync("/api/webhooks", new CreateWebhookRequest(url, kinds));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedWebhookResponse>())!;
    }

    private async Task<List<DeliveryResponse>> DeliveriesAsync(string webhookId) =>
        (await _client.GetFromJsonAsync<List<DeliveryResponse>>($"/api/webhooks/{webhookId}/deliveries"))!;

    private static async Task<List<ReceivedWebhook>> ReceivedAsync(
        WebhookReceiver receiver, string initiative, int count)
    {
        await Eventually.TrueAsync(
            () => Task.FromResult(receiver.Received.Count(r => r.Text.Contains(initiative)) >= count),
            $"{count} deliveries about {initiative}", TimeSpan.FromSeconds(20));
        return [.. receiver.Received.Where(r => r.Text.Contains(initiative))];
    }
}
