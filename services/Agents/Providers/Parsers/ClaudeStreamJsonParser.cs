using System.Text.Json;

namespace Codewalkers.Agents.Providers.Parsers;

/// <summary>
/// Claude Code's <c>--output-format stream-json</c>: system/init, assistant, user, rate_limit_event, result.
/// Usage (checked with claude 2.1.328 against a fake Messages API): a result's <c>usage</c> sums the main loop's requests
/// of that turn only, with input tokens apart from <c>cache_read_input_tokens</c> and
/// <c>cache_creation_input_tokens</c>; it leaves out what subagents used (an Agent tool call may run one on another
/// model, e.g. haiku). <c>modelUsage</c> counts every request per model the CLI asked for, subagents' too, and is the
/// running total of the whole thread: repeated, grown, on every result line of a session (a background subagent's end
/// makes a second one), and on a resumed session it starts from the earlier sessions' sum.
/// </summary>
public sealed class ClaudeStreamJsonParser : IOutputParser
{
    public IReadOnlyList<ProviderEvent> Parse(ReadOnlySpan<byte> line)
    {
        // Most lines are assistant/user traffic that changes nothing here: skip them before parsing any JSON.
        if (line.IndexOf("\"result\""u8) < 0 && line.IndexOf("\"system\""u8) < 0 && line.IndexOf("rate_limit"u8) < 0
            && line.IndexOf("\"error\""u8) < 0)
            return [];
        using var document = JsonLine.TryParse(line);
        if (document is null) return [];
        var root = document.RootElement;
        var events = new List<ProviderEvent>();
        switch (root.Str("type"))
        {
            case "system" when root.Str("subtype") == "init" && root.Str("session_id") is { } session:
                events.Add(new ProviderEvent(ProviderEventKind.Session)
                {
                    SessionId = session, Model = root.Str("model"),
                });
                break;
            case "assistant":
                var message = root.Obj("message");
                var text = message?.TryGetProperty("content", out var content) == true ? content.ContentText() : null;
                switch (root.Str("error"))
                {
                    case "rate_limit":
                        events.Add(new ProviderEvent(ProviderEventKind.RateLimited) { Text = text });
                        break;
                    case "authentication_failed" or "billing_error":
                        events.Add(new ProviderEvent(ProviderEventKind.AuthFailed) { Text = text });
                        break;
                    case { } other:
                        events.Add(new ProviderEvent(ProviderEventKind.Error) { Text = text ?? other });
                        break;
                    default:
                        if (text is not null) events.Add(new ProviderEvent(ProviderEventKind.Text) { Text = text });
                        break;
                }
                break;
            case "rate_limit_event":
                var info = root.Obj("rate_limit_info");
                if (info?.Str("status") == "rejected")
                {
                    var resets = info.Value.Long("resetsAt");
                    events.Add(new ProviderEvent(ProviderEventKind.RateLimited)
                    {
                        ResetsAt = resets is { } s
                            ? DateTimeOffset.FromUnixTimeSeconds(s > 100_000_000_000 ? s / 1000 : s) : null,
                    });
                }
                break;
            case "result":
                var usage = root.Obj("usage");
                events.Add(new ProviderEvent(ProviderEventKind.Result)
                {
                    SessionId = root.Str("session_id"),
                    Text = root.Str("result") ?? ErrorsText(root),
                    IsError = root.Bool("is_error") || root.Str("subtype") is { } sub && sub != "success",
                    ApiErrorStatus = (int?)root.Long("api_error_status"),
                    CostUsd = root.Dec("total_cost_usd"),
                    InputTokens = usage?.Long("input_tokens"),
                    OutputTokens = usage?.Long("output_tokens"),
                    CacheReadTokens = usage?.Long("cache_read_input_tokens"),
                    CacheWriteTokens = usage?.Long("cache_creation_input_tokens"),
                    Model = MainModel(root.Obj("modelUsage")),
                    DurationMs = root.Long("duration_ms"),
                    Models = PerModel(root.Obj("modelUsage")),
                    ModelsAreThreadTotal = true,
                });
                break;
        }
        return events;
    }

    /// <summary>
    /// The model that used the most tokens: a session's side requests (titles, summaries) may go to a smaller model,
    /// but the session's work is the main model's.
    /// </summary>
    private static string? MainModel(JsonElement? modelUsage) =>
        modelUsage?.EnumerateObject()
            .Select(m => (m.Name, Tokens: (m.Value.Long("inputTokens") ?? 0) + (m.Value.Long("outputTokens") ?? 0)
                + (m.Value.Long("cacheReadInputTokens") ?? 0) + (m.Value.Long("cacheCreationInputTokens") ?? 0)))
            .OrderByDescending(m => m.Tokens).Select(m => m.Name).FirstOrDefault();

    private static IReadOnlyList<ModelTokens>? PerModel(JsonElement? modelUsage)
    {
        if (modelUsage is not { } models) return null;
        var parts = models.EnumerateObject()
            .Where(m => m.Value.ValueKind == JsonValueKind.Object)
            .Select(m => new ModelTokens(m.Name, m.Value.Long("inputTokens"), m.Value.Long("outputTokens"),
                m.Value.Long("cacheReadInputTokens"), m.Value.Long("cacheCreationInputTokens")))
            .ToList();
        return parts.Count > 0 ? parts : null;
    }

    private static string? ErrorsText(JsonElement root) =>
        root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array
            ? string.Join("\n", errors.EnumerateArray()
                .Select(e => e.ValueKind == JsonValueKind.String ? e.GetString() : e.GetRawText()))
            : null;
}
