namespace Codewalkers.Agents.Domain;

/// <summary>
/// A cost limit on an initiative or a project: once what its sessions cost reaches it, its new agents wait (for
/// capacity, the reason saying so) instead of launching; running ones finish their turn.
/// </summary>
public sealed class UsageBudget
{
    public const string Initiative = "initiative", Project = "project";

    public string Scope { get; private set; } = "";
    public string ScopeId { get; private set; } = "";
    public decimal LimitUsd { get; private set; }
    public DateTimeOffset SetAt { get; private set; }

    private UsageBudget() { }

    public static UsageBudget Create(string scope, string scopeId, decimal limitUsd, DateTimeOffset now) =>
        new() { Scope = scope, ScopeId = scopeId, LimitUsd = limitUsd, SetAt = now };

    public void Change(decimal limitUsd, DateTimeOffset now) => (LimitUsd, SetAt) = (limitUsd, now);
}

/// <summary>A project an agent works in (from its spawn): what a project's budget counts.</summary>
public sealed class AgentProject
{
    public string AgentId { get; private set; } = "";
    public string ProjectId { get; private set; } = "";

    private AgentProject() { }

    public static AgentProject Create(string agentId, string projectId) =>
        new() { AgentId = agentId, ProjectId = projectId };
}
