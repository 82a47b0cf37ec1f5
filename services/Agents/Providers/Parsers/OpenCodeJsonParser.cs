namespace Codewalkers.Agents.Providers.Parsers;

/// <summary>
/// OpenCode <c>run --format json</c> (recorded from opencode-ai 1.18.33 against a fake OpenAI-compatible chat API):
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
                InputTokens = part?.Obj("tokens")?.Long("input"),
                OutputTokens = part?.Obj("tokens")?.Long("output"),
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
