namespace Codewalkers.Agents.Providers.Parsers;

public enum ProviderEventKind { Session, Text, Error, RateLimited, AuthFailed, Result }

/// <summary>What one output line says, in provider-neutral terms.</summary>
public sealed record ProviderEvent(ProviderEventKind Kind)
{
    public string? SessionId { get; init; }
    public string? Text { get; init; }
    public bool IsError { get; init; }
    public int? ApiErrorStatus { get; init; }
    public decimal? CostUsd { get; init; }
    public long? InputTokens { get; init; }
    public long? OutputTokens { get; init; }
    /// <summary>Input tokens read from the provider's prompt cache (not counted in <see cref="InputTokens"/>).</summary>
    public long? CacheReadTokens { get; init; }
    /// <summary>Input tokens written to the provider's prompt cache (not counted in <see cref="InputTokens"/>).</summary>
    public long? CacheWriteTokens { get; init; }
    /// <summary>The model that served the session, as the CLI named it.</summary>
    public string? Model { get; init; }
    public long? DurationMs { get; init; }
    public DateTimeOffset? ResetsAt { get; init; }
    /// <summary>
    /// The tokens per model, when the CLI breaks them down (a session may use a helper model beside its main one).
    /// </summary>
    public IReadOnlyList<ModelTokens>? Models { get; init; }
    /// <summary>
    /// <see cref="Models"/> is the running total of the whole thread (every earlier session of a resumed one too), not
    /// this session's own share.
    /// </summary>
    public bool ModelsAreThreadTotal { get; init; }
}

/// <summary>What one model used: input apart from the cache reads and writes, as everywhere here.</summary>
public sealed record ModelTokens(string Model, long? Input, long? Output, long? CacheRead, long? CacheWrite)
{
    public long Total => (Input ?? 0) + (Output ?? 0) + (CacheRead ?? 0) + (CacheWrite ?? 0);
}

/// <summary>Turns one line of a provider's output (UTF-8, no newline) into events; non-JSON lines give none.</summary>
public interface IOutputParser
{
    IReadOnlyList<ProviderEvent> Parse(ReadOnlySpan<byte> line);
}

public static class OutputParsers
{
    public static readonly IReadOnlySet<string> Known = new HashSet<string>
        { "claude-stream-json", "codex-jsonl", "gemini-stream-json", "opencode-json", "text" };

    public static IOutputParser For(string parser) => parser switch
    {
        "claude-stream-json" => new ClaudeStreamJsonParser(),
        "codex-jsonl" => new CodexJsonlParser(),
        "gemini-stream-json" => new GeminiStreamJsonParser(),
        "opencode-json" => new OpenCodeJsonParser(),
        "text" => new TextParser(),
        _ => throw new InvalidOperationException($"Unknown output parser '{parser}'."),
    };
}
