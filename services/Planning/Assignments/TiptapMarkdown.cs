using System.Text;
using System.Text.Json;

namespace Codewalkers.Planning.Assignments;

/// <summary>
/// Renders stored Tiptap JSON as markdown for agents: headings, paragraphs, lists, code blocks, quotes and the
/// common marks. Unknown nodes render their children, so nothing the editor wrote is hidden from the agent.
/// </summary>
public static class TiptapMarkdown
{
    public static string ToMarkdown(string? tiptapJson)
    {
        if (string.IsNullOrWhiteSpace(tiptapJson)) return "";
        try
        {
            using var document = JsonDocument.Parse(tiptapJson);
            var text = new StringBuilder();
            Blocks(document.RootElement, text, "");
            return text.ToString().Trim();
        }
        catch (JsonException)
        {
            // stored content is validated JSON; should an old row not be, the raw text is still useful
            return tiptapJson;
        }
    }

    private static void Blocks(JsonElement node, StringBuilder text, string indent)
    {
        foreach (var child in Children(node)) Block(child, text, indent);
    }

    private static void Block(JsonElement node, StringBuilder text, string indent)
    {
        switch (Type(node))
        {
            case "paragraph":
                text.Append(indent).Append(Inline(node)).Append("\n\n");
                break;
            case "heading":
                var level = node.TryGetProperty("attrs", out var attrs) && attrs.TryGetProperty("level", out var l)
                    && l.TryGetInt32(out var n) ? Math.Clamp(n, 1, 6) : 1;
                text.Append(indent).Append('#', level).Append(' ').Append(Inline(node)).Append("\n\n");
                break;
            case "bulletList" or "orderedList" or "taskList":
                var number = 1;
                foreach (var item in Children(node))
                {
                    var bullet = Type(node) == "orderedList" ? $"{number++}. " : "- ";
                    var inner = new StringBuilder();
                    Blocks(item, inner, "");
                    var lines = inner.ToString().Trim().Split('\n');
                    text.Append(indent).Append(bullet).Append(lines[0]).Append('\n');
                    foreach (var line in lines.Skip(1).Where(x => x.Length > 0)) text.Append(indent).Append("  ")
                        .Append(line).Append('\n');
                }
                text.Append('\n');
                break;
            case "codeBlock":
                var language = node.TryGetProperty("attrs", out var a) && a.TryGetProperty("language", out var lang)
                    && lang.ValueKind == JsonValueKind.String ? lang.GetString() : "";
                text.Append(indent).Append("```").Append(language).Append('\n').Append(PlainText(node)).Append('\n')
                    .Append(indent).Append("```\n\n");
                break;
            case "blockquote":
                var quoted = new StringBuilder();
                Blocks(node, quoted, "");
                foreach (var line in quoted.ToString().Trim().Split('\n')) text.Append(indent).Append("> ")
                    .Append(line).Append('\n');
                text.Append('\n');
                break;
            case "horizontalRule":
                text.Append(indent).Append("---\n\n");
                break;
            case "text" or "hardBreak":
                text.Append(indent).Append(Inline(node)).Append("\n\n");
                break;
            default:
                Blocks(node, text, indent);
                break;
        }
    }

    private static string Inline(JsonElement node)
    {
        if (Type(node) == "hardBreak") return "  \n";
        if (Type(node) != "text") return string.Concat(Children(node).Select(Inline));
        var value = node.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
        if (!node.TryGetProperty("marks", out var marks) || marks.ValueKind != JsonValueKind.Array) return value;
        foreach (var mark in marks.EnumerateArray())
        {
            value = Type(mark) switch
            {
                "bold" => $"**{value}**",
                "italic" => $"*{value}*",
                "strike" => $"~~{value}~~",
                "code" => $"`{value}`",
                "link" when mark.TryGetProperty("attrs", out var attrs) && attrs.TryGetProperty("href", out var href)
                    => $"[{value}]({href.GetString()})",
                _ => value,
            };
        }
        return value;
    }

    private static string PlainText(JsonElement node) =>
        Type(node) == "text" && node.TryGetProperty("text", out var t) ? t.GetString() ?? ""
            : string.Concat(Children(node).Select(PlainText));

    private static string? Type(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("type", out var type)
            && type.ValueKind == JsonValueKind.String ? type.GetString() : null;

    private static IEnumerable<JsonElement> Children(JsonElement node) =>
        node.ValueKind == JsonValueKind.Object && node.TryGetProperty("content", out var content)
            && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray()
            : [];
}
