using System.Globalization;
using System.Text;
using System.Text.Json;
using Codewalkers.Cli.Core;

namespace Codewalkers.Cli.Streaming;

/// <summary>
/// Claude Code's stream-json output (one JSON object a line) as a person reads it: what the agent says, each tool it
/// calls with its main argument, the first line of each tool's answer, and the session's result. Lines that are not
/// JSON pass as they are; bookkeeping events (rate limits, stream deltas, retries) are left out: --raw shows them.
/// </summary>
public static class ClaudeStreamText
{
    private const int Width = 160;

    public static string Render(string content)
    {
        var text = new StringBuilder();
        foreach (var line in content.Split('\n'))
        {
            if (line.Length == 0) continue;
            foreach (var rendered in RenderLine(line.TrimEnd('\r'))) text.Append(rendered).Append('\n');
        }
        return text.ToString();
    }

    private static IEnumerable<string> RenderLine(string line)
    {
        JsonElement item;
        try
        {
            using var document = JsonDocument.Parse(line);
            item = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return [line];
        }
        if (item.ValueKind != JsonValueKind.Object) return [line];
        return Json.String(item, "type") switch
        {
            "system" when Json.String(item, "subtype") == "init" =>
                [$"── session {Json.Text(item, "session_id")} ({Json.Text(item, "model")})"],
            "assistant" => Json.Items(item, "message.content").Select(Said).OfType<string>(),
            "user" => Json.Items(item, "message.content").Select(Answered).OfType<string>(),
            "result" => [Result(item)],
            _ => [],
        };
    }

    private static string? Said(JsonElement content) => Json.String(content, "type") switch
    {
        "text" => Json.String(content, "text"),
        "tool_use" => $"› {Json.Text(content, "name")} {Shorten(Argument(content))}",
        _ => null,
    };

    private static string? Answered(JsonElement content)
    {
        if (Json.String(content, "type") != "tool_result") return null;
        var result = Json.Find(content, "content") is { } value ? value : default;
        var text = result.ValueKind == JsonValueKind.String
            ? result.GetString()
            : string.Join("\n", Json.Items(result).Select(part => Json.String(part, "text")).OfType<string>());
        var first = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault() ?? "";
        var error = Json.Find(content, "is_error") is { ValueKind: JsonValueKind.True } ? " (error)" : "";
        return $"  ‹{error} {Shorten(first)}";
    }

    /// <summary>The argument that says what a tool call does: the command, the file, the pattern, else all.</summary>
    private static string Argument(JsonElement toolUse)
    {
        var input = Json.Find(toolUse, "input") ?? default;
        foreach (var name in new[] { "command", "file_path", "path", "pattern", "url", "description" })
            if (Json.String(input, name) is { Length: > 0 } value) return value;
        return input.ValueKind == JsonValueKind.Undefined ? "" : input.GetRawText();
    }

    private static string Result(JsonElement result)
    {
        var cost = Json.Find(result, "total_cost_usd") is { ValueKind: JsonValueKind.Number } usd
            ? string.Create(CultureInfo.InvariantCulture, $", ${usd.GetDouble():0.####}")
            : "";
        var error = Json.Find(result, "is_error") is { ValueKind: JsonValueKind.True } ? " error" : "";
        return $"── result{error}: {Json.Text(result, "subtype")} ({Json.Text(result, "num_turns")} turns{cost}) "
            + Shorten(Json.Text(result, "result"));
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= Width ? line : line[..Width] + "...";
    }
}
