using System.Text.Json;

namespace Codewalkers.Web.Api;

/// <summary>
/// An agent as GET /api/agents and /api/agents/{id} answer (services/Agents/Apis/AgentResponses.cs). Ids are the
/// services' 21-character ids, not GUIDs. <see cref="Prompt"/> is only in the single-agent answer.
/// </summary>
public sealed record AgentSummary(
    string Id, string Name, string Status, string? StatusReason, string Mode, string Provider, string? AccountId,
    string? TaskId, string? PhaseId, string? InitiativeId, string? ErrandId, string? SessionId, int SessionNumber,
    int? ExitCode, JsonElement? Result, JsonElement? PendingQuestions, DateTimeOffset? UserDismissedAt,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? Prompt, DateTimeOffset? WaitingForAccountUntil,
    int? PortBase = null)
{
    /// <summary>The statuses GET /api/agents?status= takes (Contracts AgentStatuses).</summary>
    public static readonly string[] Statuses =
        ["idle", "waiting_for_capacity", "running", "waiting_for_input", "waiting_for_account", "stopped", "crashed"];

    /// <summary>A process may still be at work: stopping it means something.</summary>
    public bool IsActive =>
        Status is "idle" or "waiting_for_capacity" or "running" or "waiting_for_input" or "waiting_for_account";

    /// <summary>The Agents service resumes a session only from these (POST /api/agents/{id}/messages).</summary>
    public bool CanResume => Status is "stopped" or "waiting_for_input";
}

/// <summary>One session of an agent (GET /api/agents/{id}/sessions), as the provider reported it.</summary>
public sealed record AgentSession(
    int SessionNumber, string? AccountId, long? InputTokens, long? OutputTokens, double? CostUsd, long? DurationMs,
    int? ExitCode, string Outcome, DateTimeOffset StartedAt, DateTimeOffset EndedAt);

/// <summary>
/// One `chunk` event of GET /api/agents/{id}/output: the bytes [Start, End) of the agent's log. The event id is
/// <see cref="End"/>, so a reconnect with it as Last-Event-ID resumes right after.
/// </summary>
public sealed record AgentOutputChunk(int SessionNumber, long Start, long End, string Content);

/// <summary>An account an agent runs on (GET /api/accounts): agents name it by id, people know it by its email.</summary>
public sealed record AgentAccount(string Id, string Email, string Provider);

/// <summary>
/// One group of GET /api/usage (services/Agents/Apis/UsageApi.cs): its key (a task id, ...), its name when the Agents
/// service knows it, and its figures; null figures are unknown (a provider that reported none), never zero.
/// </summary>
public sealed record UsageRow(
    string? Key, string? Name, int Sessions, long? InputTokens, long? OutputTokens, long? CacheReadTokens,
    long? CacheWriteTokens, decimal? CostUsd, int UnknownSessions);

public sealed record UsageRollUp(string By, string? InitiativeId, IReadOnlyList<UsageRow> Rows, UsageRow Total);

/// <summary>A cost budget of an initiative or a project (GET /api/usage/budgets).</summary>
public sealed record UsageBudget(
    string Scope, string Id, string Name, decimal LimitUsd, decimal SpentUsd, int UnknownSessions, bool Reached);
