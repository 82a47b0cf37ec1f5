using System.Text.Json;
using System.Text.Json.Nodes;
using Codewalkers.Web.Components.Initiatives.Content;

namespace Codewalkers.Web.Tests.Plan;

public sealed class PageContentTests
{
    private const string Rich = """
        {"type":"doc","content":[
          {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Goals"}]},
          {"type":"paragraph","content":[
            {"type":"text","text":"Ship "},
            {"type":"text","marks":[{"type":"bold"}],"text":"fast"},
            {"type":"text","text":" and "},
            {"type":"text","marks":[{"type":"link","attrs":{"href":"https://example.com"}}],"text":"safe"},
            {"type":"hardBreak"},
            {"type":"text","marks":[{"type":"code"}],"text":"cw run"}]},
          {"type":"bulletList","content":[
            {"type":"listItem","content":[
              {"type":"paragraph","content":[{"type":"text","text":"one"}]},
              {"type":"orderedList","content":[
                {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"nested"}]}]}]}]},
            {"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"two"}]}]}]},
          {"type":"blockquote","content":[{"type":"paragraph","content":[{"type":"text","text":"quoted"}]}]},
          {"type":"codeBlock","attrs":{"language":"csharp"},"content":[{"type":"text","text":"var x = 1;\nx++;"}]},
          {"type":"horizontalRule"}]}
        """;

    [Fact]
    public void Stored_content_survives_the_editor_unchanged()
    {
        var stored = JsonDocument.Parse(Rich).RootElement;

        var markdown = PageContent.ToMarkdown(stored);
        var saved = PageContent.ToTiptap(markdown);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Rich), saved),
            $"markdown:\n{markdown}\nsaved:\n{saved.ToJsonString()}");
        Assert.Empty(PageContent.UnsupportedNodes(stored));
    }

    [Fact]
    public void Markdown_typed_in_the_editor_is_saved_as_Tiptap_nodes_and_marks_not_literal_text()
    {
        var saved = PageContent.ToTiptap("# Plan\n\nUse *care* and ~~haste~~.\n\n1. first\n2. second\n");

        var content = saved["content"]!.AsArray();
        Assert.Equal("heading", (string?)content[0]!["type"]);
        var marks = content[1]!["content"]!.AsArray().Select(n => (string?)n!["marks"]?[0]?["type"]).ToList();
        Assert.Equal([null, "italic", null, "strike", null], marks);
        Assert.Equal("orderedList", (string?)content[2]!["type"]);
        Assert.Equal(2, content[2]!["content"]!.AsArray().Count);
    }

    [Fact]
    public void Nodes_the_editor_cannot_keep_are_named()
    {
        var stored = JsonDocument.Parse("""{"type":"doc","content":[{"type":"table","content":[]}]}""").RootElement;

        Assert.Equal(["table"], PageContent.UnsupportedNodes(stored));
    }
}
