using System.Text;
using System.Text.Json;
using Codewalkers.Cli.Core;
using Codewalkers.Cli.Tests.Infrastructure;

namespace Codewalkers.Cli.Tests;

public class PageCommandTests
{
    private const string Page = """
        {"id":"pg2","initiativeId":"i1","parentPageId":"pg1","title":"Design","sortOrder":0,"version":3,
         "createdAt":"2026-12-01T10:00:00Z","updatedAt":"2026-12-01T10:00:00Z",
         "content":{"type":"doc","content":[
           {"type":"heading","attrs":{"level":2},"content":[{"type":"text","text":"Goals"}]},
           {"type":"paragraph","content":[{"type":"text","text":"Fast login."}]}]},
         "markdown":"## Goals\n\nFast login."}
        """;

    private static ScriptedApi Api() => new ScriptedApi().On("PATCH /api/pages/pg2", 200, Page);

    private static string TempFile(string name, byte[] content)
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("cw-page-").FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public async Task List_indents_pages_under_their_parent()
    {
        var api = new ScriptedApi().On("GET /api/pages?initiativeId=i1", 200, """
            [{"id":"pg1","parentPageId":null,"title":"Login page","sortOrder":0,"version":1},
             {"id":"pg3","parentPageId":"pg1","title":"Notes","sortOrder":1,"version":1},
             {"id":"pg2","parentPageId":"pg1","title":"Design","sortOrder":0,"version":3}]
            """);

        var run = await Cw.RunAsync(api, "page list --initiative i1");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var lines = run.Out.Split('\n');
        var design = Array.FindIndex(lines, l => l.Contains("  Design"));
        var notes = Array.FindIndex(lines, l => l.Contains("  Notes"));
        Assert.True(design > 0 && notes > design, run.Out);
    }

    [Fact]
    public async Task List_needs_the_initiative()
    {
        var run = await Cw.RunAsync(new ScriptedApi(), "page list");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--initiative", run.Error);
    }

    [Fact]
    public async Task Get_prints_the_content_as_markdown()
    {
        var api = new ScriptedApi().On("GET /api/pages/pg2", 200, Page);

        var run = await Cw.RunAsync(api, "page get pg2");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal("## Goals\n\nFast login.", run.Out.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Edit_sends_a_markdown_file_as_markdown_with_the_title()
    {
        var api = Api();
        var file = TempFile("design.md", Encoding.UTF8.GetBytes("# Plan\n\n- one\n- two\n"));

        var run = await Cw.RunAsync(api, $"page edit pg2 --title Plan --file {file}");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var request = api.Requests.Single();
        Assert.Equal("PATCH /api/pages/pg2", request.Request);
        var body = JsonDocument.Parse(request.Body!).RootElement;
        Assert.Equal("Plan", body.GetProperty("title").GetString());
        // Planning converts it, as it converts agents' pages.
        Assert.Equal("# Plan\n\n- one\n- two\n", body.GetProperty("markdown").GetString());
        Assert.False(body.TryGetProperty("content", out _));
    }

    [Fact]
    public async Task Edit_sends_a_json_file_as_the_tiptap_document_it_is()
    {
        var api = Api();
        var file = TempFile("page.json", Encoding.UTF8.GetBytes("""{"type":"doc","content":[]}"""));

        var run = await Cw.RunAsync(api, $"page edit pg2 --file {file}");

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = JsonDocument.Parse(api.Requests.Single().Body!).RootElement;
        Assert.Equal("""{"type":"doc","content":[]}""", body.GetProperty("content").GetRawText());
        Assert.False(body.TryGetProperty("title", out _));
    }

    [Theory]
    [InlineData("missing.md", null, "does not exist")]
    [InlineData("latin1.md", new byte[] { 0x47, 0x72, 0xFC, 0x6E }, "is not UTF-8 text")]
    [InlineData("binary.md", new byte[] { 0x41, 0x00, 0x42 }, "is not a text file")]
    [InlineData("empty.md", new byte[0], "is empty")]
    [InlineData("blank.md", new byte[] { 0x20, 0x0A }, "is empty")]
    [InlineData("broken.json", new byte[] { 0x7B, 0x22, 0x74 }, "is not valid Tiptap JSON")]
    [InlineData("list.json", new byte[] { 0x5B, 0x5D }, "a JSON object is expected")]
    public async Task A_malformed_edit_file_is_a_usage_error_in_one_line_and_nothing_is_sent(
        string name, byte[]? content, string message)
    {
        var api = Api();
        var file = content is null
            ? Path.Combine(Path.GetTempPath(), "cw-no-such-dir", name)
            : TempFile(name, content);

        var run = await Cw.RunAsync(api, $"page edit pg2 --file {file}");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task A_directory_given_as_the_file_is_a_usage_error()
    {
        var run = await Cw.RunAsync(Api(), $"page edit pg2 --file {Path.GetTempPath()}");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("is a directory", run.Error);
    }

    [Fact]
    public async Task File_and_content_together_are_a_usage_error()
    {
        var run = await Cw.RunAsync(Api(), "page edit pg2 --file a.md --content b");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("either --file or --content", run.Error);
    }

    [Fact]
    public async Task Without_file_or_content_and_no_terminal_it_says_to_pass_a_file()
    {
        var api = Api();

        var run = await Cw.RunAsync(api, "page edit pg2");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("pass --file", run.Error);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Content_given_inline_is_sent_and_a_refusal_exits_with_the_usage_code()
    {
        var api = new ScriptedApi().On("PATCH /api/pages/pg2", 400,
            """{"title":"One or more validation errors occurred.","status":400,"errors":{"title":["Too long."]}}""");

        var run = await Cw.RunAsync(api, "page edit pg2 --content \"Just text\"");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("title: Too long.", run.Error);
        Assert.Contains("Just text", api.Requests.Single().Body);
    }

    [Fact]
    public async Task On_a_terminal_the_page_opens_in_the_editor_and_the_edited_markdown_is_sent()
    {
        if (OperatingSystem.IsWindows()) return;
        var api = Api().On("GET /api/pages/pg2", 200, Page);
        var editor = TempFile("editor.sh", Encoding.UTF8.GetBytes("#!/bin/sh\nprintf '\\nMore text.\\n' >> \"$1\"\n"));
        File.SetUnixFileMode(editor, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);

        var run = await Cw.RunAsync(api, "page edit pg2", Editor(editor), interactive: true);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var body = api.Requests.Single(r => r.Request.StartsWith("PATCH", StringComparison.Ordinal)).Body!;
        Assert.Contains("Goals", body);
        Assert.Contains("More text.", body);
    }

    [Fact]
    public async Task An_editor_that_changes_nothing_sends_nothing()
    {
        if (OperatingSystem.IsWindows()) return;
        var api = Api().On("GET /api/pages/pg2", 200, Page);

        var run = await Cw.RunAsync(api, "page edit pg2", Editor("true"), interactive: true);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.DoesNotContain(api.Requests, r => r.Request.StartsWith("PATCH", StringComparison.Ordinal));
        Assert.Contains("no change", run.Error);
    }

    private static Dictionary<string, string> Editor(string command) => new() { ["EDITOR"] = command };
}
