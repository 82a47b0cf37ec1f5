using Codewalkers.Web.Components.Shared;

namespace Codewalkers.Web.Tests.Shared;

public sealed class StatusBadgeTests : BunitContext
{
    [Theory]
    [InlineData("completed", "ok")]
    [InlineData("waiting_for_input", "attention")]
    [InlineData("crashed", "bad")]
    [InlineData("in_progress", "busy")]
    public void A_status_reads_as_words_in_the_tone_of_what_it_asks_of_the_user(string status, string tone)
    {
        var badge = Render<StatusBadge>(p => p.Add(b => b.Status, status));

        var span = badge.Find("span");
        Assert.Equal(status.Replace('_', ' '), span.TextContent);
        Assert.Contains(tone, span.ClassList);
    }
}
