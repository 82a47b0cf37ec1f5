namespace Codewalkers.Agents.Providers.Parsers;

/// <summary>
/// Gemini CLI <c>--output-format stream-json</c>: init, message, tool_use, tool_result, error, result.
/// </summary>
public sealed class GeminiStreamJsonParser : IOutputParser
{
    public IReadOnlyList<ProviderEvent> Parse(ReadOnlySpan<byte> line)
    {
        using var document = JsonLine.TryParse(line);
        if (document is null) return [];
        var root = document.RootElement;
        switch (root.Str("type"))
        {
            case "init" when root.Str("session_id") is { } session:
                return [new ProviderEvent(ProviderEventKind.Session) { SessionId = session, Model = root.Str("model") }];
            case "message" when root.Str("role") == "assistant":
                return [new ProviderEvent(ProviderEventKind.Text) { Text = root.Str("content") }];
            case "error":
                return [new ProviderEvent(ProviderEventKind.Error) { Text = root.Str("message"),
                    IsError = root.Str("severity") == "error" }];
            case "result":
                var stats = root.Obj("stats");
                var error = root.Obj("error");
                return [new ProviderEvent(ProviderEventKind.Result)
                {
                    IsError = root.Str("status") != "success",
                    Text = error?.Str("message") ?? root.Str("error"),
                    InputTokens = stats?.Long("input_tokens"), OutputTokens = stats?.Long("output_tokens"),
                    DurationMs = stats?.Long("duration_ms"),
                }];
            default:
                return [];
        }
    }
}
