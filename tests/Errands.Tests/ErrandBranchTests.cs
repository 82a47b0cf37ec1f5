using Codewalkers.Errands.Domain;

namespace Codewalkers.Errands.Tests;

/// <summary>The branch name an errand's description becomes.</summary>
public sealed class ErrandBranchTests
{
    [Theory]
    [InlineData("Fix the typo in README.md", "fix-the-typo-in-readme-md")]
    [InlineData("  --Add: a LICENSE!!  ", "add-a-license")]
    [InlineData("Übersetze die Hilfe", "bersetze-die-hilfe")]
    [InlineData("!!!", "errand")]
    [InlineData("日本語", "errand")]
    [InlineData("a very long description that goes on and on beyond forty", "a-very-long-description-that-goes-on-and")]
    [InlineData("exactly forty characters long slug here-x", "exactly-forty-characters-long-slug-here")]
    public void The_slug_is_lowercase_ascii_words_joined_by_dashes_at_most_40_characters(
        string description, string slug)
    {
        Assert.Equal(slug, ErrandBranch.Slug(description));
        Assert.True(ErrandBranch.Slug(description).Length <= ErrandBranch.MaxSlugLength);
    }

    [Fact]
    public void A_taken_branch_gets_the_next_free_number()
    {
        var taken = new HashSet<string> { "cw/errand-x", "cw/errand-x-2", "cw/errand-x-4" };

        Assert.Equal("cw/errand-x-3", ErrandBranch.Unique("X", taken));
        Assert.Equal("cw/errand-y", ErrandBranch.Unique("Y", taken));
    }
}
