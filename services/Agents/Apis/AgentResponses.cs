using System.Text.Json;
using Codewalkers.Agents.Domain;
using Codewalkers.SharedKernel;

namespace Codewalkers.Agents.Apis;

public sealed record AgentResponse(
    string Id, string Name, string Status, string? StatusReason, string Mode, string Provider, string? AccountId,
    string? TaskId, string? PhaseId, string? InitiativeId, string? ErrandId, string? SessionId, int SessionNumber,
    int? Pid, int? ExitCode, string WorktreeId, string? OutputFilePath, JsonElement? Result,
    JsonElement? PendingQuestions, DateTimeOffset? UserDismissedAt, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt,
    string? Prompt, DateTimeOffset? WaitingForAccountUntil = null, int? PortBase = null,
    VerificationResponse? LastVerification = null, UsageRowResponse? Usage = null,
    IReadOnlyList<string>? AllowedProviders = null, IReadOnlyList<ProviderSwitch>? ProviderHistory = null,
    string? RunnerId = null)
{
    /// <summary>
    /// Every account of the provider is exhausted: the agent continues by itself at
    /// <see cref="WaitingForAccountUntil"/> (or when one is added).
    /// </summary>
    public bool WaitingForAccount => WaitingForAccountUntil is not null;

    public static AgentResponse From(Agent a, bool withPrompt = false, VerificationRun? lastVerification = null) => new(
        a.Id, a.Name, a.Status.ToText(), a.StatusReason, a.Mode, a.Provider, a.AccountId, a.TaskId, a.PhaseId,
        a.InitiativeId, a.ErrandId, a.SessionId, a.SessionNumber, a.Pid, a.ExitCode, a.WorktreeId, a.OutputFilePath,
        Json(a.Result), Json(a.PendingQuestions), a.UserDismissedAt, a.CreatedAt, a.UpdatedAt,
        withPrompt ? a.Prompt : null, a.WaitingForAccountUntil, a.PortBase,
        lastVerification is null ? null : VerificationResponse.From(lastVerification), Usage: null,
        a.AllowedProviderList, a.ProviderSwitches, a.RunnerId);

    private static JsonElement? Json(string? raw)
    {
        if (raw is null) return null;
        try { return JsonDocument.Parse(raw).RootElement.Clone(); }
        catch (JsonException) { return JsonSerializer.SerializeToElement(raw); }
    }
}

/// <summary>One run of the project's verify command on the agent's work: the evidence of its "done".</summary>
public sealed record VerificationResponse(
    long Id, int SessionNumber, string Project, string Command, int? ExitCode, bool TimedOut, bool Passed,
    long DurationMs, string OutputTail, DateTimeOffset At)
{
    public static VerificationResponse From(VerificationRun v) => new(v.Id, v.SessionNumber, v.ProjectName, v.Command,
        v.ExitCode, v.TimedOut, v.Passed, v.DurationMs, v.OutputTail, v.At);
}

public sealed record LogChunkResponse(long Id, int SessionNumber, long Start, long End, string Content,
    DateTimeOffset CreatedAt);
