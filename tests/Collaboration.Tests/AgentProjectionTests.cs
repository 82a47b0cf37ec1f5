using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Microsoft.EntityFrameworkCore;

namespace Codewalkers.Collaboration.Tests;

/// <summary>Collaboration's read model of agents, fed by the Agents service's events through the inbox.</summary>
public sealed class AgentProjectionTests(CollaborationFactory factory) : IClassFixture<CollaborationFactory>
{
    [Fact]
    public async Task An_older_status_after_a_newer_one_does_not_move_the_agent_back()
    {
        var agent = await factory.SpawnAsync(taskId: "t1");
        await factory.ChangeStatusAsync(agent, AgentStatuses.Running, version: 3, taskId: "t1");
        await factory.ChangeStatusAsync(agent, AgentStatuses.Idle, version: 2, taskId: "t1");

        var view = await factory.QueryAsync(db => db.Agents.AsNoTracking().SingleAsync(a => a.AgentId == agent));

        Assert.Equal((AgentStatuses.Running, 3L, "t1", "initiative-1", "execute"),
            (view.Status, view.Version, view.TaskId, view.InitiativeId, view.Mode));
    }

    [Fact]
    public async Task A_late_event_after_the_deletion_does_not_bring_the_agent_back()
    {
        var agent = await factory.SpawnAsync();
        await factory.DeleteAsync(agent, version: 5);
        await factory.ChangeStatusAsync(agent, AgentStatuses.Running, version: 4);

        var view = await factory.QueryAsync(db => db.Agents.AsNoTracking().SingleAsync(a => a.AgentId == agent));

        Assert.True(view.IsDeleted);
        Assert.Equal((5L, AgentStatuses.Idle), (view.Version, view.Status));
    }

    [Fact]
    public async Task A_deletion_arriving_first_leaves_a_tombstone()
    {
        var agent = Codewalkers.ServiceDefaults.Ids.New();
        await factory.DeleteAsync(agent, version: 2);
        await factory.DeliverAsync(
            new AgentSpawned(agent, "late", "r", "execute", "claude", new AgentContext(null, null, null, null), 1,
                DateTimeOffset.UtcNow),
            MassTransit.NewId.NextGuid());

        var view = await factory.QueryAsync(db => db.Agents.AsNoTracking().SingleAsync(a => a.AgentId == agent));

        Assert.True(view.IsDeleted);
    }
}
