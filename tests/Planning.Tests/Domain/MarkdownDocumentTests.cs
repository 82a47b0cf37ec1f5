using System.Text.Json;
using Codewalkers.Planning.Domain;

namespace Codewalkers.Planning.Tests.Domain;

public sealed class MarkdownDocumentTests
{
    [Fact]
    public void Headings_lists_code_and_paragraphs_become_Tiptap_nodes()
    {
        var json = MarkdownDocument.ToTiptap(
            "# Goal\n\nShip the login.\nQuickly.\n\n- one\n- two\n\n1. first\n\n```\ncode here\n```");

        var content = JsonDocument.Parse(json).RootElement.GetProperty("content").EnumerateArray().ToList();
        Assert.Equal(
            ["heading", "paragraph", "bulletList", "orderedList", "codeBlock"],
            content.Select(c => c.GetProperty("type").GetString()));
        Assert.Equal(1, content[0].GetProperty("attrs").GetProperty("level").GetInt32());
        Assert.Equal("Ship the login. Quickly.", content[1].GetProperty("content")[0].GetProperty("text").GetString());
        Assert.Equal(2, content[2].GetProperty("content").GetArrayLength());
        Assert.Equal("code here", content[4].GetProperty("content")[0].GetProperty("text").GetString());
    }

    [Fact]
    public void Empty_markdown_is_an_empty_document()
    {
        Assert.Equal("""{"type":"doc","content":[]}""", MarkdownDocument.ToTiptap(null));
    }
}
