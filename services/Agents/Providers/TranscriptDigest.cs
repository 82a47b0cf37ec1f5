using System.Text;
using System.Text.Json;

namespace Codewalkers.Agents.Providers;

/// <summary>
/// What an agent said and did so far, read from its output log (<c>.cw/logs/output.jsonl</c>: every session's CLI
/// stream, appended), for a run that goes on with another provider: no CLI can resume another's session, so the new
/// one is told instead. Only the turns are kept (assistant text, tool calls and their results, shell commands and
/// their output), each bounded, in the order they happened; the whole is bounded to the last
/// <c>maxBytes</c>, as a long run's log would not fit a prompt. Claude's stream-json, Codex's JSONL and Gemini's
/// stream-json are read; lines of other shapes (stderr, the CLIs' bookkeeping) are left out.
/// </summary>
public static class TranscriptDigest
{
    /// <summary>How much of the log's end is read: enough for far more than any digest keeps.</summary>
    private const int MaxLogBytes = 8 * 1024 * 1024;
    private const int MaxItemChars = 4000;

    public sealed record Digest(string Text, bool Truncated);

    public static Digest Read(string outputFile, int maxBytes)
    {
        if (!File.Exists(outputFile)) return new Digest("", false);
        var lines = ReadTail(outputFile, out var logCut);
        var items = new List<string>();
        foreach (var line in lines)
            if (Describe(line) is { Length: > 0 } item) items.Add(item);
        var text = string.Join("\n", items);
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes) return new Digest(text, logCut);
        var bytes = Encoding.UTF8.GetBytes(text);
        var tail = Encoding.UTF8.GetString(bytes, bytes.Length - maxBytes, maxBytes).TrimStart('\uFFFD');
        // Start at a whole item, not in the middle of one.
        var start = tail.IndexOf('\n');
        return new Digest(start >= 0 ? tail[(start + 1)..] : tail, true);
    }

    private static string[] ReadTail(string path, out bool cut)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        cut = stream.Length > MaxLogBytes;
        if (cut) stream.Seek(-MaxLogBytes, SeekOrigin.End);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var lines = reader.ReadToEnd().Split('\n');
        // A cut log starts in the middle of a line: that one is dropped.
        return cut ? lines[1..] : lines;
    }

    private static string? Describe(string line)
    {
        if (line.Length == 0 || line[0] != '{') return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            return Text(root, "type") switch
            {
                "assistant" => Content(root, "assistant"),
                "user" => Content(root, "result"),
                "item.completed" => CodexItem(root),
                "message" when Text(root, "role") == "assistant" => Said(Text(root, "content")),
                "tool_use" => $"[tool {Text(root, "tool_name")}] {Bounded(Raw(root, "parameters"))}",
                "tool_result" => $"[result] {Bounded(Text(root, "output") ?? Text(root, "error"))}",
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Claude's assistant and user messages: text, tool calls and tool results.</summary>
    private static string? Content(JsonElement root, string role)
    {
        if (!root.TryGetProperty("message", out var message)
            || !message.TryGetProperty("content", out var content))
            return null;
        if (content.ValueKind == JsonValueKind.String) return role == "assistant" ? Said(content.GetString()) : null;
        if (content.ValueKind != JsonValueKind.Array) return null;
        var parts = new List<string>();
        foreach (var block in content.EnumerateArray())
        {
            var part = Text(block, "type") switch
            {
                "text" when role == "assistant" => Said(Text(block, "text")),
                "tool_use" => $"[tool {Text(block, "name")}] {Bounded(Raw(block, "input"))}",
                "tool_result" => $"[result] {Bounded(ToolResult(block))}",
                _ => null,
            };
            if (part is not null) parts.Add(part);
        }
        return parts.Count > 0 ? string.Join("\n", parts) : null;
    }

    private static string? ToolResult(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content)) return null;
        if (content.ValueKind == JsonValueKind.String) return content.GetString();
        if (content.ValueKind != JsonValueKind.Array) return null;
        return string.Join("\n", content.EnumerateArray().Select(c => Text(c, "text")).OfType<string>());
    }

    /// <summary>Codex's finished items: what it said, the commands it ran (with output), the files it changed.</summary>
    private static string? CodexItem(JsonElement root)
    {
        if (!root.TryGetProperty("item", out var item)) return null;
        return Text(item, "type") switch
        {
            "agent_message" => Said(Text(item, "text")),
            "command_execution" =>
                $"[command] {Text(item, "command")}\n[result] {Bounded(Text(item, "aggregated_output"))}",
            "file_change" => $"[changed files] {Bounded(Raw(item, "changes"))}",
            _ => null,
        };
    }

    private static string? Said(string? text) => string.IsNullOrWhiteSpace(text) ? null : $"[assistant] {Bounded(text)}";

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static string? Raw(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.GetRawText()
            : null;

    private static string Bounded(string? text)
    {
        text = (text ?? "").Trim();
        return text.Length <= MaxItemChars ? text : text[..MaxItemChars] + " [...]";
    }
}
