using Codewalkers.Collaboration.Domain;

namespace Codewalkers.Collaboration.Tests.Reviews;

/// <summary>Reading git's patches into lines, and following a comment's line when the branch moves on.</summary>
public sealed class AnchorTests
{
    private static FileDiff File(string patch, string path = "src/app.cs") =>
        new ReviewDiff(ReviewDiff.ParseProject("p", [path], patch)).Find(path).Single();

    [Fact]
    public void A_patch_gives_added_and_context_lines_new_side_numbers_and_removed_lines_old_side_ones()
    {
        var lines = File(Patches.App).Lines;

        Assert.Equal(
            [
                (ReviewLineType.Context, 1, "using System;"), (ReviewLineType.Context, 2, "class App {"),
                (ReviewLineType.Removed, 3, "    int old = 0;"), (ReviewLineType.Added, 3, "    int x = 1;"),
                (ReviewLineType.Added, 4, "    int y = 2;"), (ReviewLineType.Context, 5, "}"),
            ],
            lines.Select(l => (l.Type, l.Number, l.Text)));
    }

    [Fact]
    public void New_and_deleted_files_are_found_by_their_own_path_and_the_no_newline_marker_is_no_line()
    {
        var diff = new ReviewDiff(ReviewDiff.ParseProject("p", ["docs/new.md", "old.txt", "image.png"],
            Patches.NewAndDeleted));

        Assert.Equal(["# New", "text"], diff.Find("docs/new.md").Single().Lines.Select(l => l.Text));
        Assert.Equal(
            [(ReviewLineType.Removed, 1), (ReviewLineType.Removed, 2)],
            diff.Find("old.txt").Single().Lines.Select(l => (l.Type, l.Number)));
        // Listed by git but without lines (a binary file): in the diff, with nothing to comment on.
        Assert.Contains("no lines", diff.Find("image.png").Single().DescribeLines());
    }

    [Fact]
    public void A_hunk_line_that_looks_like_a_header_is_content()
    {
        const string patch = "diff --git a/a.md b/a.md\n--- a/a.md\n+++ b/a.md\n@@ -1,1 +1,2 @@\n" +
            " --- not a header\n+++ neither\n";

        Assert.Equal(
            [(ReviewLineType.Context, 1, "--- not a header"), (ReviewLineType.Added, 2, "++ neither")],
            File(patch, "a.md").Lines.Select(l => (l.Type, l.Number, l.Text)));
    }

    [Fact]
    public void The_lines_that_can_be_commented_are_described_as_ranges()
    {
        Assert.Equal("the diff shows added 3-4; removed 3; context 1-2, 5", File(Patches.App).DescribeLines());
    }

    [Fact]
    public void A_line_still_in_its_place_keeps_its_anchor()
    {
        var found = ReviewAnchors.Locate(File(Patches.App), ReviewLineType.Added, 3, "    int x = 1;");

        Assert.Equal(new DiffLine(ReviewLineType.Added, 3, "    int x = 1;"),
            Assert.IsType<Anchoring.Found>(found).Line);
    }

    [Fact]
    public void A_line_that_moved_is_followed_to_its_new_number()
    {
        var found = ReviewAnchors.Locate(File(Patches.AppPushedAgain), ReviewLineType.Added, 3, "    int x = 1;");

        Assert.Equal(5, Assert.IsType<Anchoring.Found>(found).Line.Number);
    }

    [Fact]
    public void Of_several_lines_with_the_same_text_the_nearest_is_taken()
    {
        const string patch = "diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -0,0 +1,5 @@\n+}\n+x\n+x\n+x\n+}\n";

        var found = ReviewAnchors.Locate(File(patch, "a"), ReviewLineType.Added, 6, "}");

        Assert.Equal(5, Assert.IsType<Anchoring.Found>(found).Line.Number);
    }

    [Fact]
    public void An_added_line_that_became_context_is_still_found_but_a_removed_line_never_matches_the_new_side()
    {
        const string patch = "diff --git a/a b/a\n--- a/a\n+++ b/a\n@@ -1,2 +1,2 @@\n kept\n-old\n+new\n";
        var file = File(patch, "a");

        var context = Assert.IsType<Anchoring.Found>(ReviewAnchors.Locate(file, ReviewLineType.Added, 1, "kept"));
        Assert.Equal((ReviewLineType.Context, 1), (context.Line.Type, context.Line.Number));
        Assert.IsType<Anchoring.Gone>(ReviewAnchors.Locate(file, ReviewLineType.Removed, 2, "new"));
    }

    [Fact]
    public void A_line_that_is_gone_or_a_file_no_longer_in_the_diff_leaves_the_comment_outdated()
    {
        Assert.IsType<Anchoring.Gone>(
            ReviewAnchors.Locate(File(Patches.AppRewritten), ReviewLineType.Added, 3, "    int x = 1;"));
        Assert.IsType<Anchoring.Gone>(ReviewAnchors.Locate(null, ReviewLineType.Added, 3, "    int x = 1;"));
    }

    [Fact]
    public void The_replies_file_keeps_good_entries_and_names_each_bad_one()
    {
        var parsed = ReviewReplies.Parse("""
            [
              {"commentId": "a", "reply": "Renamed it.", "resolved": true},
              {"commentId": "b", "body": "Kept: it is the public name."},
              {"commentId": "c", "resolved": true},
              {"reply": "no id"},
              {"commentId": "d"},
              {"commentId": "e", "resolved": "yes"},
              42
            ]
            """);

        Assert.Equal(
            [new ReviewReply("a", "Renamed it.", true), new ReviewReply("b", "Kept: it is the public name.", false),
                new ReviewReply("c", null, true)],
            parsed.Replies);
        Assert.Equal(4, parsed.Problems.Count);
        Assert.Contains(parsed.Problems, p => p.StartsWith("entry 3: commentId", StringComparison.Ordinal));
        Assert.Single(ReviewReplies.Parse("{not json").Problems);
        Assert.Single(ReviewReplies.Parse("{}").Problems);
    }
}
