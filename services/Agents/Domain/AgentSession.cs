namespace Codewalkers.Agents.Domain;

/// <summary>
/// One CLI session of an agent, as its result line reported it: the basis of cost per task, phase and initiative.
/// </summary>
public sealed class AgentSession
{
    public long Id { get; private set; }
    public string AgentId { get; private set; } = "";
    public int SessionNumber { get; private set; }
    public string? ProviderSessionId { get; private set; }
    public string? AccountId { get; private set; }
    public long? InputTokens { get; private set; }
    public long? OutputTokens { get; private set; }
    public double? CostUsd { get; private set; }
    public long? DurationMs { get; private set; }
    public int? ExitCode { get; private set; }
    /// <summary>The signal status (done | questions | error) or the outcome class of a run that gave none.</summary>
    public string Outcome { get; private set; } = "";
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset EndedAt { get; private set; }

    private AgentSession() { }

    public static AgentSession Create(
        string agentId, int sessionNumber, string? providerSessionId, string? accountId, long? inputTokens,
        long? outputTokens, decimal? costUsd, long? durationMs, int? exitCode, string outcome,
        DateTimeOffset startedAt, DateTimeOffset endedAt) =>
        new()
        {
            AgentId = agentId, SessionNumber = sessionNumber, ProviderSessionId = providerSessionId,
            AccountId = accountId,
            InputTokens = inputTokens, OutputTokens = outputTokens, CostUsd = (double?)costUsd, DurationMs = durationMs,
            ExitCode = exitCode, Outcome = outcome, StartedAt = startedAt, EndedAt = endedAt,
        };
}
