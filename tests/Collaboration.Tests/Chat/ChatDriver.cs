using System.Net;
using System.Net.Http.Json;
using Codewalkers.Collaboration.Apis;
using Codewalkers.Collaboration.Tests.Inbox;
using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Chat;
using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using Codewalkers.TestSupport;
using MassTransit;
using Microsoft.AspNetCore.Mvc;
using static Codewalkers.Collaboration.Apis.ChatSessionsApi;

namespace Codewalkers.Collaboration.Tests.Chat;

/// <summary>A plan with a phase and a task in it, as Planning announces them.</summary>
public sealed record ChatPlan(string InitiativeId, string PhaseId, string TaskId);

/// <summary>
/// Drives chat sessions as a user (the API) and as Planning (its answers to a turn), and reads what Collaboration sent
/// to Planning.
/// </summary>
public sealed class ChatDriver(CollaborationFactory factory)
{
    public static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-07T01:00:00Z");

    public HttpClient Client { get; } = factory.CreateAuthorizedClient();

    public async Task<ChatPlan> PlanAsync(string phaseStatus = "in_progress", string taskStatus = "pending")
    {
        var (initiative, phase, task) = (Ids.New(), Ids.New(), Ids.New());
        await factory.DeliverAsync(new InitiativeCreated(initiative, "Checkout", "active", "cw/checkout",
            "review_per_phase", false, [], 1, At), NewId.NextGuid());
        await factory.PhaseAsync(phase, initiative, "Payments", phaseStatus, 1);
        await factory.TaskAsync(task, phase, initiative, "Add Stripe", taskStatus, 1);
        return new ChatPlan(initiative, phase, task);
    }

    public Task<HttpResponseMessage> OpenRawAsync(string? targetType, string? targetId) =>
        Client.PostAsJsonAsync("/api/chat-sessions", new OpenRequest(targetType, targetId));

    public async Task<ChatSessionResponse> OpenAsync(string targetType, string targetId)
    {
        var response = await OpenRawAsync(targetType, targetId);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ChatSessionResponse>())!;
    }

    public Task<HttpResponseMessage> SayRawAsync(string sessionId, string? content) =>
        Client.PostAsJsonAsync($"/api/chat-sessions/{sessionId}/messages", new MessageRequest(content));

    /// <summary>Posts a message (202) and returns the session as answered, with the user's new message last.</summary>
    public async Task<ChatSessionResponse> SayAsync(string sessionId, string content)
    {
        var response = await SayRawAsync(sessionId, content);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<ChatSessionResponse>())!;
    }

    public async Task<ChatSessionResponse> GetAsync(string sessionId) =>
        (await Client.GetFromJsonAsync<ChatSessionResponse>($"/api/chat-sessions/{sessionId}"))!;

    public Task<HttpResponseMessage> PostAsync(string path) => Client.PostAsync($"/api/chat-sessions/{path}", null);

    /// <summary>The StartChatTurn Collaboration sent to Planning's queue for this turn.</summary>
    public async Task<StartChatTurn> SentTurnAsync(string turnId)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Sent(turnId).Any()), $"StartChatTurn {turnId} sent");
        var sent = Sent(turnId).ToList();
        Assert.Single(sent);
        Assert.EndsWith($"/{PlanningQueues.Commands}", sent[0].Context.DestinationAddress!.AbsolutePath);
        return sent[0].Context.Message;
    }

    private IEnumerable<MassTransit.Testing.ISentMessage<StartChatTurn>> Sent(string turnId) =>
        factory.Harness.Sent.Select<StartChatTurn>(m => m.Context.Message.TurnId == turnId);

    public Task StartedAsync(string sessionId, string turnId, string agentId, string agentName = "chatty-owl") =>
        factory.DeliverAsync(new ChatTurnStarted(turnId, sessionId, agentId, agentName, DateTimeOffset.UtcNow));

    public Task CompletedAsync(
        string sessionId, string turnId, string agentId, string? reply, string? changeSetId = null,
        params ChatChange[] changes) =>
        factory.DeliverAsync(new ChatTurnCompleted(turnId, sessionId, agentId, reply, changeSetId, changes,
            DateTimeOffset.UtcNow));

    public Task FailedAsync(string sessionId, string turnId, string? agentId, params string[] problems) =>
        factory.DeliverAsync(new ChatTurnFailed(turnId, sessionId, agentId, problems, DateTimeOffset.UtcNow));

    public static async Task<ProblemDetails> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.True(response.StatusCode == expected,
            $"expected {expected}, got {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
    }
}
