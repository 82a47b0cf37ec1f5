using System.Text.Json.Nodes;

namespace Codewalkers.Planning.Domain;

/// <summary>
/// Turns an agent's markdown into a Tiptap document: headings, bullet and numbered lists, code blocks and
/// paragraphs. Inline marks stay as text; the editor shows them readably and nothing is lost.
/// </summary>
public static class MarkdownDocument
{
    public static string ToTiptap(string? markdown)
    {
        var content = new JsonArray();
        var lines = (markdown ?? "").Replace("\r\n", "\n").Split('\n');
        var paragraph = new List<string>();
        JsonObject? list = null;

        void FlushParagraph()
        {
            if (paragraph.Count > 0) content.Add(Block("paragraph", string.Join(" ", paragraph)));
            paragraph.Clear();
        }

        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.Trim();
            if (trimmed.StartsWith("```", StringComparison.Ordinal))
            {
                FlushParagraph();
                list = null;
                var code = new List<string>();
                for (i++; i < lines.Length && !lines[i].Trim()
                    .StartsWith("```", StringComparison.Ordinal); i++) code.Add(lines[i]);
                content.Add(Block("codeBlock", string.Join("\n", code)));
                continue;
            }
            if (trimmed.Length == 0)
            {
                FlushParagraph();
                list = null;
                continue;
            }
            var level = trimmed.TakeWhile(c => c == '#').Count();
            if (level is > 0 and <= 6 && trimmed.Length > level && trimmed[level] == ' ')
            {
                FlushParagraph();
                list = null;
                var heading = Block("heading", trimmed[(level + 1)..].Trim());
                heading["attrs"] = new JsonObject { ["level"] = level };
                content.Add(heading);
                continue;
            }
            var (listType, item) = ListItem(trimmed);
            if (listType is not null)
            {
                FlushParagraph();
                if (list is null || (string?)list["type"] != listType)
                {
                    list = new JsonObject { ["type"] = listType, ["content"] = new JsonArray() };
                    content.Add(list);
                }
                ((JsonArray)list["content"]!)
                    .Add(new JsonObject { ["type"] = "listItem",
                    ["content"] = new JsonArray(Block("paragraph", item!)) });
                continue;
            }
            list = null;
            paragraph.Add(trimmed);
        }
        FlushParagraph();
        return new JsonObject { ["type"] = "doc", ["content"] = content }.ToJsonString();
    }

    private static (string? Type, string? Text) ListItem(string line)
    {
        if (line.Length > 2 && line[0] is '-' or '*' or '+' && line[1] == ' ') return ("bulletList", line[2..].Trim());
        var digits = line.TakeWhile(char.IsAsciiDigit).Count();
        if (digits > 0 && line.Length > digits + 2 && line[digits] == '.'
            && line[digits + 1] == ' ') return ("orderedList", line[(digits + 2)..].Trim());
        return (null, null);
    }

    private static JsonObject Block(string type, string text) => text.Length == 0
        ? new JsonObject { ["type"] = type }
        : new JsonObject { ["type"] = type,
            ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = text }) };
}
