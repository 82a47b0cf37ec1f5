namespace Codewalkers.Agents.Providers.Parsers;

/// <summary>Codex <c>exec --json</c>: thread.started, turn.completed/failed, item.*, error.</summary>
public sealed class CodexJsonlParser : IOutputParser
{
    public IReadOnlyList<ProviderEvent> Parse(ReadOnlySpan<byte> line)
    {
        using var document = JsonLine.TryParse(line);
        if (document is null) return [];
        var root = document.RootElement;
        return root.Str("type") switch
        {
            "thread.started" when root.Str("thread_id") is { } thread =>
                [new ProviderEvent(ProviderEventKind.Session) { SessionId = thread }],
            "turn.completed" => [new ProviderEvent(ProviderEventKind.Result)
            {
                InputTokens = root.Obj("usage")?.Long("input_tokens"),
                OutputTokens = root.Obj("usage")?.Long("output_tokens"),
            }],
            "turn.failed" =>
                [new ProviderEvent(ProviderEventKind.Result)
                {
                    IsError = true, Text = root.Obj("error")?.Str("message"),
                }],
            "error" => [new ProviderEvent(ProviderEventKind.Error) { Text = root.Str("message") }],
            "item.completed" when root.Obj("item") is { } item && item.Str("type") == "agent_message" =>
                [new ProviderEvent(ProviderEventKind.Text) { Text = item.Str("text") }],
            "item.completed" when root.Obj("item") is { } item && item.Str("type") == "error" =>
                [new ProviderEvent(ProviderEventKind.Error) { Text = item.Str("message") }],
            _ => [],
        };
    }
}
