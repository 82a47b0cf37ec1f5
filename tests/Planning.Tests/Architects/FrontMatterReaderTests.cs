using Codewalkers.Planning.Architects;

namespace Codewalkers.Planning.Tests.Architects;

public sealed class FrontMatterReaderTests
{
    [Fact]
    public void Reads_plain_quoted_list_and_block_values_and_the_body()
    {
        var file = FrontMatterReader.Parse("""
            ---
            # written by the plan agent
            title: "Storage: the \"orders\" table"
            summary: 'It''s small'
            priority: high   # a comment
            dependencies: [schema, "api-2"]
            blockers:
              - one
              - "two"
            notes: |
              line one
              line two
            empty:
            ---

            # Body
            Text.
            """);

        Assert.Equal("Storage: the \"orders\" table", file.Fields["title"].Scalar);
        Assert.Equal("It's small", file.Fields["summary"].Scalar);
        Assert.Equal("high", file.Fields["priority"].Scalar);
        Assert.Equal(["schema", "api-2"], file.Fields["dependencies"].List!);
        Assert.Equal(["one", "two"], file.Fields["blockers"].List!);
        Assert.Equal("line one\nline two", file.Fields["notes"].Scalar);
        Assert.Null(file.Fields["empty"].Scalar);
        Assert.Equal("# Body\nText.", file.Body);
    }

    [Fact]
    public void An_empty_flow_list_is_an_empty_list()
    {
        var file = FrontMatterReader.Parse("---\ntitle: A\ndependencies: []\n---\n");
        Assert.Empty(file.Fields["dependencies"].List!);
        Assert.Equal("", file.Body);
    }

    [Theory]
    [InlineData("title: A\n", "does not start with YAML front matter")]
    [InlineData("---\ntitle: A\nno end", "not closed")]
    [InlineData("---\ntitle: \"unterminated\n---\n", "unterminated double-quoted")]
    [InlineData("---\ntitle 'no colon'\n---\n", "is not 'key: value'")]
    [InlineData("---\ntitle: A\ntitle: B\n---\n", "'title' twice")]
    [InlineData("---\ndependencies: [a, b\n---\n", "never closes")]
    [InlineData("---\ntitle: \"A\" trailing\n---\n", "text after its closing quote")]
    [InlineData("---\nmeta:\n  nested: 1\n---\n", "nested map")]
    [InlineData("---\ntitle: {a: 1}\n---\n", "uses YAML")]
    public void Malformed_front_matter_is_reported_with_the_problem(string text, string problem)
    {
        var ex = Assert.Throws<FrontMatterException>(() => FrontMatterReader.Parse(text));
        Assert.Contains(problem, ex.Message);
    }
}
