using System.Net.Http.Headers;
using Codewalkers.Contracts.Agents;
using Codewalkers.ServiceDefaults;
using Codewalkers.ServiceDefaults.Security;
using MassTransit;

namespace Codewalkers.Collaboration.Tests.Infrastructure;

/// <summary>Agents as the Agents service announces them, and clients that call as one of them.</summary>
public static class AgentEvents
{
    public static async Task<string> SpawnAsync(
        this CollaborationFactory factory, string? taskId = null, string? phaseId = null,
        string status = AgentStatuses.Idle, DateTimeOffset? at = null)
    {
        var id = Ids.New();
        var context = new AgentContext(taskId, phaseId, "initiative-1", null);
        var when = at ?? DateTimeOffset.UtcNow;
        await factory.DeliverAsync(
            new AgentSpawned(id, $"agent-{id[..5]}", Ids.New(), "execute", "claude", context, 1, when),
            NewId.NextGuid());
        if (status != AgentStatuses.Idle) await factory.ChangeStatusAsync(id, status, 2, taskId, phaseId, when);
        return id;
    }

    public static Task ChangeStatusAsync(
        this CollaborationFactory factory, string agentId, string to, long version, string? taskId = null,
        string? phaseId = null, DateTimeOffset? at = null) =>
        factory.DeliverAsync(
            new AgentStatusChanged(
                agentId, $"agent-{agentId[..5]}", AgentStatuses.Idle, to, "test", "execute",
                new AgentContext(taskId, phaseId, "initiative-1", null), version, at ?? DateTimeOffset.UtcNow),
            NewId.NextGuid());

    public static Task DeleteAsync(this CollaborationFactory factory, string agentId, long version) =>
        factory.DeliverAsync(
            new AgentDeleted(
                agentId, $"agent-{agentId[..5]}", new AgentContext(null, null, null, null), version,
                DateTimeOffset.UtcNow),
            NewId.NextGuid());

    public static HttpClient ClientFor(this CollaborationFactory factory, string agentId)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization =
            new AuthenticationHeaderValue("Bearer", new AgentTokens(factory.Token).Mint(agentId));
        return client;
    }
}
