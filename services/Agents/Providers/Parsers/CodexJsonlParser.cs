using System.Text;

namespace Codewalkers.Agents.Providers.Parsers;

/// <summary>
/// Codex <c>exec --json</c> (checked with codex-cli 0.169.0): thread.started{thread_id} names the session (the same id
/// again on a resume); turn.completed{usage} ends a turn well, turn.failed{error.message} ends it badly (the exit code
/// may still be 0); error{message} lines are notices ("Reconnecting..."), and an item of type error is a warning
/// ("Model metadata ... not found"). A failure before the JSON stream starts (a resume of an unknown thread) is a
/// plain "Error: ..." line on stderr, which the output file holds too. Its usage counts cached and cache-written tokens
/// inside <c>input_tokens</c> (the OpenAI way): they are taken out, so input means the same as Claude's. The stream
/// never names the model.
/// </summary>
public sealed class CodexJsonlParser : IOutputParser
{
    private static readonly byte[] PlainErrorPrefix = "Error: "u8.ToArray();

    public IReadOnlyList<ProviderEvent> Parse(ReadOnlySpan<byte> line)
    {
        using var document = JsonLine.TryParse(line);
        if (document is null)
            return line.StartsWith(PlainErrorPrefix)
                ? [new ProviderEvent(ProviderEventKind.Error) { Text = Encoding.UTF8.GetString(line), IsError = true }]
                : [];
        var root = document.RootElement;
        return root.Str("type") switch
        {
            "thread.started" when root.Str("thread_id") is { } thread =>
                [new ProviderEvent(ProviderEventKind.Session) { SessionId = thread }],
            // The usage codex prints is the thread's running total (a resumed thread starts from the earlier sessions'
            // sum), not this turn's alone.
            "turn.completed" => [Usage(root.Obj("usage"))],
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

    private static ProviderEvent Usage(System.Text.Json.JsonElement? usage)
    {
        var input = usage?.Long("input_tokens");
        var cacheRead = usage?.Long("cached_input_tokens");
        var cacheWrite = usage?.Long("cache_write_input_tokens");
        return new ProviderEvent(ProviderEventKind.Result)
        {
            InputTokens = input is { } all ? Math.Max(0, all - (cacheRead ?? 0) - (cacheWrite ?? 0)) : null,
            OutputTokens = usage?.Long("output_tokens"),
            CacheReadTokens = cacheRead,
            CacheWriteTokens = cacheWrite,
        };
    }
}
