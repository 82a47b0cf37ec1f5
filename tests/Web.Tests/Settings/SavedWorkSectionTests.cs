using System.Net;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Pages.Settings;
using Codewalkers.Web.Tests.Support;

namespace Codewalkers.Web.Tests.Settings;

public sealed class SavedWorkSectionTests : WebTestContext
{
    private const string Saved = "/api/workspace/saved";
    private const string Restore = "/api/workspace/saved/restore";
    private static readonly DateTimeOffset Earlier = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = new(2026, 12, 7, 7, 58, 0, TimeSpan.Zero);

    private readonly SavedWork _older = SettingsSamples.Save("agent_0000000000000a", Earlier,
        "Saved by Codewalkers: uncommitted work of agent agent_0000000000000a on cw/task-1", filesChanged: 1,
        project: "old-app", projectDeleted: true);

    private readonly SavedWork _newer = SettingsSamples.Save("agent_0000000000000b", Later,
        "Saved by Codewalkers: uncommitted work of agent agent_0000000000000b on cw/task-2");

    [Fact]
    public void Saves_are_listed_newest_first_with_what_they_hold_and_their_ref()
    {
        Gateway.On("GET", Saved, new[] { _older, _newer });

        var section = Render<SavedWorkSection>();

        section.WaitForAssertion(() => Assert.Equal(2, section.FindAll("li.save").Count));
        var (first, second) = (section.FindAll("li.save")[0], section.FindAll("li.save")[1]);
        Assert.Contains("on cw/task-2", first.QuerySelector(".summary")!.TextContent);
        Assert.Equal("refs/cw/saved/agent_0000000000000b/20261207T075800Z", first.QuerySelector("code.ref")!.TextContent);
        Assert.Contains("my-app", first.QuerySelector(".facts")!.TextContent);
        Assert.Contains("3 files changed", first.QuerySelector(".facts")!.TextContent);
        Assert.Contains("old-app (deleted project)", second.QuerySelector(".facts")!.TextContent);
        Assert.Contains("1 file changed", second.QuerySelector(".facts")!.TextContent);
    }

    [Fact]
    public void Restoring_posts_the_ref_and_the_suggested_branch_and_names_where_it_landed()
    {
        Gateway.On("GET", Saved, new[] { _newer });
        Gateway.On("POST", Restore, new RestoredWork("proj_000000000000000a", "my-app", false, _newer.Ref,
            "restored/agent_0000000000000b-20261207T075800Z", _newer.Commit), HttpStatusCode.Created);
        var section = Render<SavedWorkSection>();
        section.WaitForAssertion(() => section.Find("li.save button"));

        section.Find("li.save button").Click();
        Assert.Equal("restored/agent_0000000000000b-20261207T075800Z", section.Find("form.restore input").GetAttribute("value"));
        section.Find("form.restore").Submit();

        section.WaitForAssertion(() => Assert.Contains(
            "Restored to branch restored/agent_0000000000000b-20261207T075800Z in my-app", section.Find(".notice").TextContent));
        Assert.Equal(
            "{\"ref\":\"refs/cw/saved/agent_0000000000000b/20261207T075800Z\",\"branch\":\"restored/agent_0000000000000b-20261207T075800Z\"}",
            Gateway.Requests.Single(r => r.Method == HttpMethod.Post).Body);
    }

    [Fact]
    public void A_branch_that_exists_already_is_refused_in_place_with_the_services_detail()
    {
        Gateway.On("GET", Saved, new[] { _older, _newer });
        Gateway.Refuse("POST", Restore, 409, "Branch exists", "Branch 'taken' exists already; choose another name.");
        var section = Render<SavedWorkSection>();
        section.WaitForAssertion(() => Assert.Equal(2, section.FindAll("li.save").Count));

        section.FindAll("li.save")[0].QuerySelector("button")!.Click();
        section.Find("form.restore input").Input("taken");
        section.Find("form.restore").Submit();

        section.WaitForAssertion(() => Assert.Contains("Branch 'taken' exists already; choose another name.",
            section.FindAll("li.save")[0].QuerySelector(".problem")!.TextContent));
        Assert.NotNull(section.FindAll("li.save")[0].QuerySelector("form.restore"));
        Assert.Empty(section.FindAll(".notice"));
        Assert.Contains("\"branch\":\"taken\"", Gateway.Requests.Single(r => r.Method == HttpMethod.Post).Body);
    }

    [Fact]
    public void Nothing_saved_says_what_would_be_kept_here()
    {
        Gateway.On("GET", Saved, Array.Empty<SavedWork>());

        var section = Render<SavedWorkSection>();

        section.WaitForAssertion(() => Assert.Contains(
            "Work an agent left uncommitted or unmerged is kept here when its worktree is removed; nothing saved yet.",
            section.Markup));
        Assert.Empty(section.FindAll("li.save"));
    }
}
