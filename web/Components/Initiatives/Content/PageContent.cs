using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Markdig;
using Markdig.Extensions.EmphasisExtras;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;

namespace Codewalkers.Web.Components.Initiatives.Content;

/// <summary>
/// A page's stored content (Tiptap JSON, docs/planning.md) as the markdown the editor shows, and back. The editor
/// writes Tiptap JSON itself instead of handing markdown to the service, whose conversion keeps marks as literal text
/// and flattens nested lists: a page saved here keeps its headings, lists (nested), quotes, code blocks with their
/// language, rules, hard breaks and bold / italic / strike / code / link marks, the same node set agents' markdown
/// renders from (services/Planning/Assignments/TiptapMarkdown.cs).
/// </summary>
public static class PageContent
{
    private static readonly MarkdownPipeline Pipeline =
        new MarkdownPipelineBuilder().UseEmphasisExtras(EmphasisExtraOptions.Strikethrough).DisableHtml().Build();

    private static readonly HashSet<string> KnownNodes =
    [
        "doc", "paragraph", "heading", "bulletList", "orderedList", "listItem", "codeBlock", "blockquote",
        "horizontalRule", "hardBreak", "text",
    ];

    /// <summary>Node types the markdown editor cannot keep (tables, images...): saving turns them into text.</summary>
    public static IReadOnlyList<string> UnsupportedNodes(JsonElement? document)
    {
        var found = new SortedSet<string>(StringComparer.Ordinal);
        if (document is { } root) Walk(root);
        return [.. found];

        void Walk(JsonElement node)
        {
            if (Type(node) is { } type && !KnownNodes.Contains(type)) found.Add(type);
            foreach (var child in Children(node)) Walk(child);
        }
    }

    // ---- Tiptap -> markdown ----

    public static string ToMarkdown(JsonElement? document)
    {
        if (document is not { ValueKind: JsonValueKind.Object } root) return "";
        return Blocks(root).TrimEnd() is { Length: > 0 } text ? text + "\n" : "";
    }

    private static string Blocks(JsonElement node) =>
        string.Join("\n", Children(node).Select(Block).Where(b => b.Length > 0));

    private static string Block(JsonElement node) => Type(node) switch
    {
        "paragraph" => Inline(node) + "\n",
        "heading" => new string('#', HeadingLevel(node)) + " " + Inline(node) + "\n",
        "bulletList" or "orderedList" or "taskList" => List(node),
        "codeBlock" => $"```{Attribute(node, "language")}\n{PlainText(node).TrimEnd('\n')}\n```\n",
        "blockquote" => Prefix(Blocks(node).TrimEnd('\n'), "> ", ">") + "\n",
        "horizontalRule" => "---\n",
        "text" or "hardBreak" => Inline(node) + "\n",
        _ => Blocks(node),
    };

    private static string List(JsonElement list)
    {
        var text = new StringBuilder();
        var number = list.TryGetProperty("attrs", out var attrs) && attrs.TryGetProperty("start", out var s)
            && s.TryGetInt32(out var start) ? start : 1;
        foreach (var item in Children(list))
        {
            var marker = Type(list) == "orderedList" ? $"{number++}. " : "- ";
            // Blocks inside an item are written tight, so a nested list stays inside its item.
            var inner = string.Join("", Children(item).Select(Block)).TrimEnd('\n');
            var lines = inner.Split('\n');
            text.Append(marker).Append(lines[0]).Append('\n');
            foreach (var line in lines.Skip(1))
                text.Append(line.Length == 0 ? "" : new string(' ', marker.Length) + line).Append('\n');
        }
        return text.ToString();
    }

    private static string Inline(JsonElement node)
    {
        if (Type(node) == "hardBreak") return "\\\n";
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
                "link" => $"[{value}]({Attribute(mark, "href")})",
                _ => value,
            };
        }
        return value;
    }

    private static string Prefix(string text, string prefix, string emptyPrefix) =>
        string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? emptyPrefix : prefix + line));

    private static int HeadingLevel(JsonElement node) =>
        node.TryGetProperty("attrs", out var attrs) && attrs.TryGetProperty("level", out var l)
            && l.TryGetInt32(out var n) ? Math.Clamp(n, 1, 6) : 1;

    private static string Attribute(JsonElement node, string name) =>
        node.TryGetProperty("attrs", out var attrs) && attrs.ValueKind == JsonValueKind.Object
            && attrs.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()! : "";

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

    // ---- markdown -> Tiptap ----

    public static JsonObject ToTiptap(string markdown)
    {
        var document = Markdig.Markdown.Parse(markdown.Replace("\r\n", "\n"), Pipeline);
        return new JsonObject { ["type"] = "doc", ["content"] = Nodes(document) };
    }

    private static JsonArray Nodes(ContainerBlock container)
    {
        var nodes = new JsonArray();
        foreach (var block in container)
            if (Node(block) is { } node) nodes.Add(node);
        return nodes;
    }

    private static JsonObject? Node(Block block) => block switch
    {
        HeadingBlock heading => WithContent(new JsonObject
            { ["type"] = "heading", ["attrs"] = new JsonObject { ["level"] = heading.Level } }, Inlines(heading.Inline)),
        ParagraphBlock paragraph => WithContent(new JsonObject { ["type"] = "paragraph" }, Inlines(paragraph.Inline)),
        ListBlock { IsOrdered: true } list => ListNode("orderedList", list,
            int.TryParse(list.OrderedStart, out var start) && start != 1 ? start : null),
        ListBlock list => ListNode("bulletList", list, null),
        QuoteBlock quote => new JsonObject { ["type"] = "blockquote", ["content"] = Nodes(quote) },
        ThematicBreakBlock => new JsonObject { ["type"] = "horizontalRule" },
        CodeBlock code => CodeNode(code),
        LeafBlock leaf => WithContent(new JsonObject { ["type"] = "paragraph" },
            Text(leaf.Lines.ToString(), [])),
        ContainerBlock other => new JsonObject { ["type"] = "paragraph", ["content"] = Nodes(other) },
        _ => null,
    };

    private static JsonObject ListNode(string type, ListBlock list, int? start)
    {
        var items = new JsonArray();
        foreach (var item in list.OfType<ListItemBlock>())
            items.Add(new JsonObject { ["type"] = "listItem", ["content"] = Nodes(item) });
        var node = new JsonObject { ["type"] = type };
        if (start is { } first) node["attrs"] = new JsonObject { ["start"] = first };
        node["content"] = items;
        return node;
    }

    private static JsonObject CodeNode(CodeBlock code)
    {
        var node = new JsonObject { ["type"] = "codeBlock" };
        if (code is FencedCodeBlock { Info: { Length: > 0 } language })
            node["attrs"] = new JsonObject { ["language"] = language };
        return WithContent(node, Text(code.Lines.ToString(), []));
    }

    private static JsonObject WithContent(JsonObject node, JsonArray content)
    {
        if (content.Count > 0) node["content"] = content;
        return node;
    }

    private static JsonArray Inlines(ContainerInline? inline)
    {
        var nodes = new JsonArray();
        if (inline is not null) AddInlines(inline, [], nodes);
        return nodes;
    }

    private static void AddInlines(ContainerInline container, IReadOnlyList<JsonObject> marks, JsonArray nodes)
    {
        foreach (var inline in container)
        {
            switch (inline)
            {
                case LiteralInline literal:
                    Append(nodes, literal.Content.ToString(), marks);
                    break;
                case CodeInline code:
                    Append(nodes, code.Content, [.. marks, Mark("code")]);
                    break;
                case LineBreakInline { IsHard: true }:
                    nodes.Add(new JsonObject { ["type"] = "hardBreak" });
                    break;
                case LineBreakInline:
                    Append(nodes, " ", marks);
                    break;
                case EmphasisInline emphasis:
                    AddInlines(emphasis, [.. marks, Mark(EmphasisMark(emphasis))], nodes);
                    break;
                case LinkInline { IsImage: false } link:
                    AddInlines(link, [.. marks, Mark("link", link.Url ?? "")], nodes);
                    break;
                case AutolinkInline autolink:
                    Append(nodes, autolink.Url, [.. marks, Mark("link", autolink.Url)]);
                    break;
                case HtmlEntityInline entity:
                    Append(nodes, entity.Transcoded.ToString(), marks);
                    break;
                case ContainerInline other:
                    AddInlines(other, marks, nodes);
                    break;
                default:
                    Append(nodes, inline.ToString() ?? "", marks);
                    break;
            }
        }
    }

    private static string EmphasisMark(EmphasisInline emphasis) =>
        emphasis.DelimiterChar == '~' ? "strike" : emphasis.DelimiterCount >= 2 ? "bold" : "italic";

    private static JsonObject Mark(string type, string? href = null) => href is null
        ? new JsonObject { ["type"] = type }
        : new JsonObject { ["type"] = type, ["attrs"] = new JsonObject { ["href"] = href } };

    private static JsonArray Text(string text, IReadOnlyList<JsonObject> marks)
    {
        var nodes = new JsonArray();
        Append(nodes, text.TrimEnd('\n'), marks);
        return nodes;
    }

    /// <summary>Adds text, joined to the previous node when it has the same marks (as Tiptap keeps it).</summary>
    private static void Append(JsonArray nodes, string text, IReadOnlyList<JsonObject> marks)
    {
        if (text.Length == 0) return;
        var markArray = new JsonArray([.. marks.Select(m => m.DeepClone())]);
        if (nodes.Count > 0 && nodes[^1] is JsonObject last && (string?)last["type"] == "text"
            && JsonNode.DeepEquals(last["marks"] ?? new JsonArray(), markArray))
        {
            last["text"] = (string)last["text"]! + text;
            return;
        }
        var node = new JsonObject { ["type"] = "text", ["text"] = text };
        if (markArray.Count > 0) node["marks"] = markArray;
        nodes.Add(node);
    }
}
