namespace Codewalkers.Agents.Providers.Parsers;

/// <summary>
/// OpenCode <c>run --format json</c> (opencode-ai 1.18.33, run by the tests against a fake OpenAI-compatible chat API):
/// every event carries the session's <c>sessionID</c>; step_start, text{part.text}, tool events, step_finish{part.reason,
/// part.tokens{input, output, cache{read, write}}, part.cost} once per model request, and error{error{name,
/// data.message}}. There is no final result line: each step_finish counts as one (its tokens are that request's own,
/// so their sum is the session's), and an error is a failed result. A failure before the stream starts (a resume of
/// an unknown session) is a plain, coloured "Error: Session not found" line, exit code 1.
/// </summary>
public sealed class OpenCodeJsonParser : IOutputParser
{
    public IReadOnlyList<ProviderEvent> Parse(ReadOnlySpan<byte> line)
    {
        using var document = JsonLine.TryParse(line);
        if (document is null)
            return line.IndexOf("Error: "u8) >= 0
                ? [new ProviderEvent(ProviderEventKind.Error)
                    { Text = System.Text.Encoding.UTF8.GetString(line), IsError = true }]
                : [];
        var root = document.RootElement;
        var part = root.Obj("part");
        return root.Str("type") switch
        {
            "step_start" when root.Str("sessionID") is { } session =>
                [new ProviderEvent(ProviderEventKind.Session) { SessionId = session }],
            "text" => [new ProviderEvent(ProviderEventKind.Text) { Text = part?.Str("text") }],
            "step_finish" => [new ProviderEvent(ProviderEventKind.Result)
            {
                SessionId = root.Str("sessionID"),
                // input is the prompt less the cache reads and writes already (checked with a fake reporting them).
                InputTokens = part?.Obj("tokens")?.Long("input"),
                OutputTokens = part?.Obj("tokens")?.Long("output"),
                CacheReadTokens = part?.Obj("tokens")?.Obj("cache")?.Long("read"),
                CacheWriteTokens = part?.Obj("tokens")?.Obj("cache")?.Long("write"),
                CostUsd = part?.Dec("cost"),
            }],
            "error" => [new ProviderEvent(ProviderEventKind.Result)
            {
                IsError = true, SessionId = root.Str("sessionID"),
                Text = root.Obj("error")?.Obj("data")?.Str("message") ?? root.Obj("error")?.Str("name"),
            }],
            _ => [],
        };
    }
}
