using Codewalkers.Web.Api;

namespace Codewalkers.Web.Tests.Review;

public sealed class ReviewPatchTests
{
    [Fact]
    public void Lines_are_numbered_as_comments_name_them_and_a_header_like_line_inside_a_hunk_is_content()
    {
        const string patch = """
            diff --git a/notes.md b/notes.md
            --- a/notes.md
            +++ b/notes.md
            @@ -10,3 +10,4 @@
             keep
            -diff --git a/x b/x
            +new
            +newer
             tail
            """;

        var rows = ReviewPatch.Parse(patch)["notes.md"].Where(r => r.Hunk is null).ToList();

        Assert.Equal(
            [("context", 10), ("removed", 11), ("added", 11), ("added", 12), ("context", 13)],
            rows.Select(r => (r.LineType, r.Number)));
        Assert.Equal("diff --git a/x b/x", rows[1].Text);
    }
}
