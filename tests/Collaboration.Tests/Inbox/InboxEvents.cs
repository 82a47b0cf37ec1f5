using Codewalkers.Collaboration.Tests.Infrastructure;
using Codewalkers.Contracts.Agents;
using Codewalkers.Contracts.Planning;
using Codewalkers.ServiceDefaults;
using MassTransit;

namespace Codewalkers.Collaboration.Tests.Inbox;

/// <summary>A plan (initiative, phase, task) and an agent on its task, as Planning and Agents announce them.</summary>
public sealed record PlanFixture(string InitiativeId, string PhaseId, string TaskId, string AgentId)
{
    public AgentContext Context => new(TaskId, PhaseId, InitiativeId, null);
}

public static class InboxEvents
{
    public static readonly DateTimeOffset At = DateTimeOffset.Parse("2026-12-06T22:00:00Z");

    public static async Task<PlanFixture> PlanAsync(this CollaborationFactory factory, string agentStatus = "running")
    {
        var (initiative, phase, task) = (Ids.New(), Ids.New(), Ids.New());
        await factory.DeliverAsync(new InitiativeCreated(initiative, "Checkout", "active", "cw/checkout",
            "review_per_phase", false, [], 1, At), NewId.NextGuid());
        await factory.PhaseAsync(phase, initiative, "Payments", "in_progress", 1);
        await factory.TaskAsync(task, phase, initiative, "Add Stripe", "in_progress", 1);
        var agent = Ids.New();
        await factory.DeliverAsync(new AgentSpawned(agent, "brave-otter", Ids.New(), "execute", "claude",
            new AgentContext(task, phase, initiative, null), 1, At), NewId.NextGuid());
        await factory.AgentStatusAsync(new PlanFixture(initiative, phase, task, agent), "idle", agentStatus, 2);
        return new PlanFixture(initiative, phase, task, agent);
    }

    public static Task PhaseAsync(
        this CollaborationFactory factory, string phase, string initiative, string name, string status, long version) =>
        factory.DeliverAsync(new PhaseUpdated(phase, initiative, name, status, [], version, At), NewId.NextGuid());

    public static Task TaskAsync(
        this CollaborationFactory factory, string task, string phase, string initiative, string name, string status,
        long version, string? parentTaskId = null) =>
        factory.DeliverAsync(new TaskUpdated(task, phase, initiative, parentTaskId, name, null, "execute", "medium",
            status, [], version, At), NewId.NextGuid());

    public static Task AgentStatusAsync(
        this CollaborationFactory factory, PlanFixture plan, string from, string to, long version,
        string reason = "test") =>
        factory.DeliverAsync(new AgentStatusChanged(plan.AgentId, "brave-otter", from, to, reason, "execute",
            plan.Context, version, At), NewId.NextGuid());

    /// <summary>The agent signals questions: waiting_for_input and its questions, as Agent.WaitForInput.</summary>
    public static async Task AskAsync(
        this CollaborationFactory factory, PlanFixture plan, long version, params AgentQuestion[] questions)
    {
        await factory.AgentStatusAsync(plan, "running", "waiting_for_input", version, "waiting_for_input");
        await factory.DeliverAsync(new AgentQuestionsAsked(plan.AgentId, "brave-otter", "execute", plan.Context, 1,
            questions, version, At), NewId.NextGuid());
    }
}
