using System.Net;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Initiatives.Plan;
using Codewalkers.Web.Tests.Support;
using static Codewalkers.Web.Tests.Plan.PlanFakes;

namespace Codewalkers.Web.Tests.Plan;

public sealed class PlanTabTests : WebTestContext
{
    private const string TreePath = $"/api/initiatives/{InitiativeId}/tree";
    private const string ProposalsPath = $"/api/proposals?initiativeId={InitiativeId}&status=pending&take=500";
    private const string AssignmentsPath = $"/api/initiatives/{InitiativeId}/assignments?take=100";

    private static readonly PlanProposal Storage = new("pr1", InitiativeId, "agent-1", "phase", null, "Storage layer",
        "Tables first", null, null, "pending", 0, null, null);

    private static readonly PlanProposal Api = new("pr2", InitiativeId, "agent-1", "phase", null, "HTTP API", null,
        null, null, "pending", 1, null, null);

    public PlanTabTests()
    {
        Gateway.On("GET", TreePath, Tree(
            [Phase("ph1", "Schema"), Phase("ph2", "Endpoints")], [Task("t1", "ph1", "Orders table", "completed")],
            [new PlanDependency("ph2", "ph1")]));
        Gateway.On("GET", ProposalsPath, Paged(Storage, Api));
        Gateway.On("GET", AssignmentsPath, Paged<PlanAssignment>());
    }

    private IRenderedComponent<PlanTab> RenderTab(string? phaseId = null) =>
        Render<PlanTab>(p => p.Add(t => t.InitiativeId, InitiativeId).Add(t => t.PhaseId, phaseId));

    [Fact]
    public void Phases_are_drawn_left_to_right_by_dependency_and_link_to_their_tasks()
    {
        var tab = RenderTab();

        tab.WaitForAssertion(() => Assert.Equal(2, tab.FindAll(".graph-node").Count));
        var schema = tab.Find(".graph-node[data-id=ph1]");
        var endpoints = tab.Find(".graph-node[data-id=ph2]");
        Assert.Contains("1/1 tasks", schema.TextContent);
        Assert.Contains("after Schema", endpoints.TextContent);
        Assert.True(Left(endpoints) > Left(schema), "a phase sits right of what it waits for");
        Assert.EndsWith($"initiatives/{InitiativeId}/plan?phase=ph2", endpoints.GetAttribute("href"));
    }

    [Fact]
    public void A_picked_phase_shows_its_tasks_and_its_detail_architect()
    {
        Gateway.On("GET", "/api/phases/ph1", new PlanPhase("ph1", InitiativeId, "Schema",
            System.Text.Json.JsonDocument.Parse(
                """{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Orders and carts."}]}]}""")
                .RootElement, "pending", null, [], 1));
        var tab = RenderTab("ph1");

        tab.WaitForAssertion(() => Assert.Contains("Orders and carts.", tab.Find(".phase-description").TextContent));
        Assert.Contains("Phase: Schema", tab.Find("#phase-heading").TextContent);
        Assert.Contains("Orders table", tab.Find("section.card .graph-node[data-id=t1]").TextContent);
        Assert.NotNull(tab.FindAll("button").FirstOrDefault(b => b.TextContent.Contains("Detail into tasks")));
    }

    [Fact]
    public void Accepting_one_proposal_or_all_of_a_run_sends_that_decision()
    {
        Gateway.On("POST", "/api/proposals/pr1/accept", new { proposals = Array.Empty<object>(), changeSetId = "cs" });
        Gateway.On("POST", "/api/proposals/accept-all", Array.Empty<object>());
        var tab = RenderTab();
        tab.WaitForAssertion(() => Assert.Equal(2, tab.FindAll(".proposal").Count));

        tab.Find("button[aria-label='Accept Storage layer']").Click();
        tab.WaitForAssertion(() => Assert.Contains(Gateway.Requests, r => r.PathAndQuery == "/api/proposals/pr1/accept"));
        tab.FindAll("button").Single(b => b.TextContent.Trim() == "Accept all 2").Click();

        tab.WaitForAssertion(() =>
        {
            var acceptAll = Assert.Single(Gateway.Requests, r => r.PathAndQuery == "/api/proposals/accept-all");
            Assert.Contains("\"agentId\":\"agent-1\"", acceptAll.Body);
            Assert.Contains($"\"initiativeId\":\"{InitiativeId}\"", acceptAll.Body);
        });
    }

    [Fact]
    public void A_refused_architect_start_shows_the_service_reason()
    {
        Gateway.Refuse("POST", $"/api/initiatives/{InitiativeId}/plan", 409, "Architect already running",
            "A plan agent is already running for this initiative.");
        var tab = RenderTab();
        tab.WaitForAssertion(() => tab.Find("#architect-instructions"));

        tab.FindAll("button").Single(b => b.TextContent.Trim() == "Plan phases").Click();

        tab.WaitForAssertion(() =>
            Assert.Contains("A plan agent is already running for this initiative.", tab.Find(".problem").TextContent));
    }

    [Fact]
    public void A_running_architect_disables_its_button_and_a_failed_one_says_why()
    {
        Gateway.On("GET", AssignmentsPath, Paged(
            new PlanAssignment("a2", "architect", "plan", InitiativeId, null, null, "ag", "swift-otter", "running",
                null, DateTimeOffset.UnixEpoch, null),
            new PlanAssignment("a1", "architect", "discuss", InitiativeId, null, null, "ag0", "calm-owl", "failed",
                "decisions/x.md: no front matter", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch)));

        var tab = RenderTab();

        tab.WaitForAssertion(() =>
        {
            var plan = tab.FindAll("button").Single(b => b.TextContent.Contains("Plan phases"));
            Assert.Equal("Plan phases running…", plan.TextContent.Trim());
            Assert.True(plan.HasAttribute("disabled"));
            Assert.Contains("decisions/x.md: no front matter", tab.Markup);
        });
    }

    [Fact]
    public async Task A_feed_entry_about_the_initiative_redraws_the_plan()
    {
        var tab = RenderTab();
        tab.WaitForAssertion(() => Assert.Equal(2, tab.FindAll(".graph-node").Count));
        Gateway.On("GET", TreePath, Tree([Phase("ph1", "Schema"), Phase("ph2", "Endpoints"), Phase("ph3", "UI")]));

        await PushAsync(Entry("agent.idle"));

        tab.WaitForAssertion(() => Assert.Equal(3, tab.FindAll(".graph-node").Count));
    }

    private static int Left(AngleSharp.Dom.IElement node)
    {
        var style = node.GetAttribute("style")!;
        var start = style.IndexOf("left:", StringComparison.Ordinal) + 5;
        return int.Parse(style[start..style.IndexOf("px", start, StringComparison.Ordinal)]);
    }
}
