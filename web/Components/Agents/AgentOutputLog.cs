using System.Globalization;
using System.Text;
using System.Text.Json;
using Codewalkers.Web.Api;

namespace Codewalkers.Web.Components.Agents;

/// <summary>
/// An agent's output made readable, chunk by chunk: Claude Code's stream-json lines (one JSON object a line) become
/// what the agent said, its tool calls with their answers, and each session's start and result; lines that are not
/// JSON pass as written; bookkeeping events (rate limits, stream deltas, retries) are left out, as `cw agent logs`
/// does. Chunks are cut to the byte offset already read, so a reconnect that sends some again shows nothing twice.
/// </summary>
public sealed class AgentOutputLog(int maxBlocks = AgentOutputLog.DefaultMaxBlocks)
{
    /// <summary>Enough to read back a long run; more would make every render of a page slow.</summary>
    public const int DefaultMaxBlocks = 2000;

    private const int SummaryWidth = 160;

    private readonly List<OutputBlock> _blocks = [];
    private readonly Dictionary<string, ToolCallBlock> _openCalls = [];
    private string _partialLine = "";

    /// <summary>The byte offset everything before which has been read: the Last-Event-ID of a reconnect.</summary>
    public long Offset { get; private set; }

    public IReadOnlyList<OutputBlock> Blocks => _blocks;

    /// <summary>How many early blocks were dropped to keep <see cref="Blocks"/> at its bound.</summary>
    public int Omitted { get; private set; }

    /// <summary>Takes one chunk; false when it held nothing new.</summary>
    public bool Append(AgentOutputChunk chunk)
    {
        if (chunk.End <= Offset) return false;
        var content = chunk.Content;
        if (chunk.Start < Offset)
        {
            // Offsets count UTF-8 bytes and chunks end on a line, so the cut falls on a character boundary.
            var bytes = Encoding.UTF8.GetBytes(content);
            var skip = (int)Math.Min(Offset - chunk.Start, bytes.Length);
            content = Encoding.UTF8.GetString(bytes, skip, bytes.Length - skip);
        }
        Offset = chunk.End;
        var lines = (_partialLine + content).Split('\n');
        _partialLine = lines[^1];
        foreach (var line in lines[..^1]) Read(line.TrimEnd('\r'));
        return true;
    }

    private void Read(string line)
    {
        if (line.Length == 0) return;
        JsonElement item;
        try
        {
            using var document = JsonDocument.Parse(line);
            item = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            Add(new PlainBlock(line));
            return;
        }
        if (item.ValueKind != JsonValueKind.Object)
        {
            Add(new PlainBlock(line));
            return;
        }
        switch (Text(item, "type"))
        {
            case "system" when Text(item, "subtype") == "init":
                Add(new MilestoneBlock($"Session {Text(item, "session_id")} started ({Text(item, "model")})", false));
                break;
            case "assistant":
                foreach (var content in Contents(item)) Said(content);
                break;
            case "user":
                foreach (var content in Contents(item)) Answered(content);
                break;
            case "result":
                Add(Result(item));
                break;
        }
    }

    private void Said(JsonElement content)
    {
        switch (Text(content, "type"))
        {
            case "text" when Text(content, "text") is { Length: > 0 } text:
                Add(new SaidBlock(text));
                break;
            case "tool_use":
                var input = content.TryGetProperty("input", out var value) ? value : default;
                var call = new ToolCallBlock(Text(content, "id"), Text(content, "name") ?? "tool", Argument(input),
                    input.ValueKind == JsonValueKind.Undefined ? "" : Indented(input));
                if (call.Id is not null) _openCalls[call.Id] = call;
                Add(call);
                break;
        }
    }

    private void Answered(JsonElement content)
    {
        if (Text(content, "type") != "tool_result") return;
        var result = content.TryGetProperty("content", out var value) ? value : default;
        var text = result.ValueKind == JsonValueKind.String
            ? result.GetString() ?? ""
            : result.ValueKind == JsonValueKind.Array
                ? string.Join("\n", result.EnumerateArray().Select(part => Text(part, "text")).OfType<string>())
                : "";
        var isError = content.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True;
        // An answer whose call scrolled out of the bound (or never came) still says what happened.
        if (Text(content, "tool_use_id") is { } id && _openCalls.Remove(id, out var call))
        {
            call.Result = text;
            call.IsError = isError;
        }
        else if (isError)
        {
            Add(new MilestoneBlock($"Tool error: {Shorten(text)}", true));
        }
    }

    private static MilestoneBlock Result(JsonElement result)
    {
        var isError = result.TryGetProperty("is_error", out var error) && error.ValueKind == JsonValueKind.True;
        var cost = result.TryGetProperty("total_cost_usd", out var usd) && usd.ValueKind == JsonValueKind.Number
            ? string.Create(CultureInfo.InvariantCulture, $", ${usd.GetDouble():0.####}")
            : "";
        var turns = result.TryGetProperty("num_turns", out var n) ? n.ToString() : "?";
        return new MilestoneBlock(
            $"Session {(isError ? "ended with an error" : "ended")}: {Text(result, "subtype")} ({turns} turns{cost})"
            + (Text(result, "result") is { Length: > 0 } said ? $" — {Shorten(said)}" : ""), isError);
    }

    private void Add(OutputBlock block)
    {
        _blocks.Add(block);
        if (_blocks.Count <= maxBlocks) return;
        if (_blocks[0] is ToolCallBlock { Id: { } id }) _openCalls.Remove(id);
        _blocks.RemoveAt(0);
        Omitted++;
    }

    /// <summary>The argument that says what a tool call does: the command, the file, the pattern, else nothing.</summary>
    private static string Argument(JsonElement input)
    {
        foreach (var name in new[] { "command", "file_path", "path", "pattern", "url", "description" })
            if (Text(input, name) is { Length: > 0 } value) return Shorten(value);
        return "";
    }

    private static IEnumerable<JsonElement> Contents(JsonElement item) =>
        item.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
        && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray()
            : [];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ToString()
            : null;

    private static readonly JsonSerializerOptions IndentedJson = new() { WriteIndented = true };

    private static string Indented(JsonElement element) => JsonSerializer.Serialize(element, IndentedJson);

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= SummaryWidth ? line : line[..SummaryWidth] + "…";
    }
}
