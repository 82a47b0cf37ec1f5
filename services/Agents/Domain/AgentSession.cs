using Codewalkers.Agents.Providers.Parsers;

namespace Codewalkers.Agents.Domain;

/// <summary>
/// One CLI session of an agent, as its output reported it: the basis of cost per task, phase, initiative, account and
/// day. The agent's context is copied onto the session so its cost outlives the agent's deletion.
/// </summary>
public sealed class AgentSession
{
    public long Id { get; private set; }
    public string AgentId { get; private set; } = "";
    public int SessionNumber { get; private set; }
    public string? ProviderSessionId { get; private set; }
    public string? AccountId { get; private set; }
    public string? Provider { get; private set; }
    public string? TaskId { get; private set; }
    public string? PhaseId { get; private set; }
    public string? InitiativeId { get; private set; }
    /// <summary>The model the CLI reported; null: its output did not say.</summary>
    public string? Model { get; private set; }
    /// <summary>Input tokens not read from or written to the prompt cache; null: no usage in the output.</summary>
    public long? InputTokens { get; private set; }
    public long? OutputTokens { get; private set; }
    public long? CacheReadTokens { get; private set; }
    public long? CacheWriteTokens { get; private set; }
    /// <summary>The cost the CLI itself reported, kept as reported (the price table gives the cost shown).</summary>
    public double? CostUsd { get; private set; }
    public long? DurationMs { get; private set; }
    public int? ExitCode { get; private set; }
    /// <summary>The signal status (done | questions | error) or the outcome class of a run that gave none.</summary>
    public string Outcome { get; private set; } = "";
    public DateTimeOffset StartedAt { get; private set; }
    public DateTimeOffset EndedAt { get; private set; }
    /// <summary>
    /// The session's own tokens per model when it used more than one (a subagent on a helper model): each is priced at
    /// its model's price. Empty: all of it was <see cref="Model"/>'s.
    /// </summary>
    public List<AgentSessionModel> Models { get; private set; } = [];

    /// <summary>Whether the output reported any token counts at all: without them the cost is unknown, not zero.</summary>
    public bool HasUsage => InputTokens is not null || OutputTokens is not null;

    private AgentSession() { }

    public static AgentSession Create(
        Agent agent, int sessionNumber, string? providerSessionId, string provider, SessionTokens usage,
        decimal? costUsd, long? durationMs, int? exitCode, string outcome, DateTimeOffset startedAt,
        DateTimeOffset endedAt) =>
        new()
        {
            AgentId = agent.Id, SessionNumber = sessionNumber, ProviderSessionId = providerSessionId,
            AccountId = agent.AccountId, Provider = provider, TaskId = agent.TaskId, PhaseId = agent.PhaseId,
            InitiativeId = agent.InitiativeId, Model = usage.Model, InputTokens = usage.Input,
            OutputTokens = usage.Output, CacheReadTokens = usage.CacheRead, CacheWriteTokens = usage.CacheWrite,
            CostUsd = (double?)costUsd, DurationMs = durationMs, ExitCode = exitCode, Outcome = outcome,
            StartedAt = startedAt, EndedAt = endedAt,
            Models = [.. usage.Models.Select(m => new AgentSessionModel(m))],
        };

    /// <summary>What the session used per model: its breakdown, or all of it under <see cref="Model"/>.</summary>
    public IReadOnlyList<ModelTokens> ModelFigures() => Models.Count > 0
        ? [.. Models.Select(m => m.Figures)]
        : [new ModelTokens(Model ?? "", InputTokens, OutputTokens, CacheReadTokens, CacheWriteTokens)];

    /// <summary>
    /// The session as one slice per model it used (for a roll-up by model): itself when it used one, else a copy per
    /// model holding that model's tokens only.
    /// </summary>
    public IEnumerable<AgentSession> ByModel() => Models.Count == 0 ? [this]
        : Models.Select(m =>
        {
            var slice = (AgentSession)MemberwiseClone();
            slice.Model = m.Model;
            (slice.InputTokens, slice.OutputTokens, slice.CacheReadTokens, slice.CacheWriteTokens) =
                (m.InputTokens, m.OutputTokens, m.CacheReadTokens, m.CacheWriteTokens);
            slice.Models = [];
            return slice;
        });
}

/// <summary>One model's share of a session that used several (table agent_session_models, owned by the session).</summary>
public sealed class AgentSessionModel
{
    public string Model { get; private set; } = "";
    public long? InputTokens { get; private set; }
    public long? OutputTokens { get; private set; }
    public long? CacheReadTokens { get; private set; }
    public long? CacheWriteTokens { get; private set; }

    private AgentSessionModel() { }

    public AgentSessionModel(ModelTokens figures) =>
        (Model, InputTokens, OutputTokens, CacheReadTokens, CacheWriteTokens) =
        (figures.Model, figures.Input, figures.Output, figures.CacheRead, figures.CacheWrite);

    public ModelTokens Figures => new(Model, InputTokens, OutputTokens, CacheReadTokens, CacheWriteTokens);
}

/// <summary>
/// What one session used, each count null when its output did not report it; <paramref name="Models"/> its share per
/// model when it used more than one (else empty).
/// </summary>
public sealed record SessionTokens(string? Model, long? Input, long? Output, long? CacheRead, long? CacheWrite,
    IReadOnlyList<ModelTokens> Models)
{
    public SessionTokens(string? model, long? input, long? output, long? cacheRead, long? cacheWrite)
        : this(model, input, output, cacheRead, cacheWrite, []) { }
}
