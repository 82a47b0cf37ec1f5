using System.Text;
using Codewalkers.Agents.Providers;

namespace Codewalkers.Agents.Tests.Providers;

/// <summary>The transcript handed to another provider, read from an agent's output log.</summary>
public sealed class TranscriptDigestTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"digest-{Guid.NewGuid():N}.jsonl");

    [Fact]
    public void Claude_and_codex_turns_are_kept_in_order_and_bookkeeping_lines_are_left_out()
    {
        File.WriteAllLines(_file,
        [
            """{"type":"system","subtype":"init","tools":["Bash","Write"]}""",
            """{"type":"assistant","message":{"content":[{"type":"text","text":"I will write the file."},{"type":"tool_use","name":"Write","input":{"file_path":"a.txt","content":"alpha"}}]}}""",
            """{"type":"user","message":{"content":[{"type":"tool_result","content":"File created"}]}}""",
            "Some stderr line",
            """{"type":"result","subtype":"success","is_error":true,"result":"limit"}""",
            """{"type":"item.completed","item":{"type":"command_execution","command":"echo beta","aggregated_output":"beta\n"}}""",
            """{"type":"item.completed","item":{"type":"agent_message","text":"Done with beta."}}""",
        ]);

        var digest = TranscriptDigest.Read(_file, 64 * 1024);

        Assert.False(digest.Truncated);
        Assert.Equal(
            """
            [assistant] I will write the file.
            [tool Write] {"file_path":"a.txt","content":"alpha"}
            [result] File created
            [command] echo beta
            [result] beta
            [assistant] Done with beta.
            """.ReplaceLineEndings("\n"),
            digest.Text);
    }

    [Fact]
    public void A_long_transcript_keeps_its_end_within_the_bound_starting_at_a_whole_item()
    {
        var lines = Enumerable.Range(0, 400).Select(i =>
            $$$"""{"type":"item.completed","item":{"type":"agent_message","text":"message {{{i}}} {{{new string('x', 300)}}}"}}""");
        File.WriteAllLines(_file, lines);

        var digest = TranscriptDigest.Read(_file, 16 * 1024);

        Assert.True(digest.Truncated);
        Assert.True(Encoding.UTF8.GetByteCount(digest.Text) <= 16 * 1024);
        Assert.StartsWith("[assistant] message ", digest.Text);
        Assert.EndsWith("message 399 " + new string('x', 300), digest.Text);
    }

    [Fact]
    public void No_log_is_an_empty_transcript() =>
        Assert.Equal(new TranscriptDigest.Digest("", false), TranscriptDigest.Read(_file, 1024));

    public void Dispose() => File.Delete(_file);
}
