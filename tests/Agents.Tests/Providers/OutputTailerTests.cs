using System.Text;
using Codewalkers.Agents.Supervision;

namespace Codewalkers.Agents.Tests.Providers;

public class OutputTailerTests : IDisposable
{
    private readonly string _file = Path.GetTempFileName();

    public void Dispose() => File.Delete(_file);

    private void Append(string text) => File.AppendAllText(_file, text);

    [Fact]
    public void A_partial_line_waits_for_its_newline_unless_the_writer_is_gone()
    {
        var tailer = new OutputTailer(_file, 0, 1024);
        Append("one\ntw");
        var first = tailer.Read(final: false)!;
        Assert.Equal("one\n", Encoding.UTF8.GetString(first.Bytes));
        Assert.Null(tailer.Read(final: false));
        Append("o\nthree");
        Assert.Equal("two\n", Encoding.UTF8.GetString(tailer.Read(false)!.Bytes));
        var last = tailer.Read(final: true)!;
        Assert.Equal(("three", 13L), (Encoding.UTF8.GetString(last.Bytes), last.End));
    }

    [Fact]
    public void Multibyte_characters_split_across_reads_are_never_broken()
    {
        var bytes = Encoding.UTF8.GetBytes("héllo → ✓\nnext\n");
        File.WriteAllBytes(_file, bytes[..3]); // cuts inside 'é'
        var tailer = new OutputTailer(_file, 0, 1024);
        Assert.Null(tailer.Read(false));
        File.WriteAllBytes(_file, bytes);
        var chunk = tailer.Read(false)!;
        Assert.Equal(
            ["héllo → ✓", "next"], OutputTailer.Lines(chunk.Bytes).Select(l => Encoding.UTF8.GetString(l.Span)));
    }

    [Fact]
    public void Reading_resumes_from_a_persisted_offset_without_repeating_or_losing_lines()
    {
        Append("a\nb\nc\n");
        var before = new OutputTailer(_file, 0, 4); // small chunks: "a\nb\n" then "c\n"
        var first = before.Read(false)!;
        var after = new OutputTailer(_file, first.End, 4);
        Append("d\n");
        var rest = new StringBuilder();
        while (after.Read(false) is { } chunk) rest.Append(Encoding.UTF8.GetString(chunk.Bytes));
        Assert.Equal("a\nb\n" + "c\nd\n", Encoding.UTF8.GetString(first.Bytes) + rest);
    }

    [Fact]
    public void A_line_longer_than_a_chunk_is_stored_in_pieces_in_order()
    {
        var line = new string('x', 2500);
        Append(line + "\n");
        var tailer = new OutputTailer(_file, 0, 1000);
        var all = new StringBuilder();
        while (tailer.Read(false) is { } chunk) all.Append(Encoding.UTF8.GetString(chunk.Bytes));
        Assert.Equal(line + "\n", all.ToString());
    }
}
