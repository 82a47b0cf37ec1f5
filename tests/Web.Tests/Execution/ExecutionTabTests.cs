using System.Text.Json;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Agents;
using Codewalkers.Web.Components.Initiatives;
using Codewalkers.Web.Live;
using Codewalkers.Web.Tests.Support;

namespace Codewalkers.Web.Tests.Execution;

public sealed class ExecutionTabTests : WebTestContext
{
    private const string InitiativeId = "V1StGXR8_Z5jdHi6B-myT";
    private const string RunningAgentId = "agentA1runningXXXXXXX";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    private readonly string _id = InitiativeId;

    public ExecutionTabTests()
    {
        Gateway.On("GET", $"/api/initiatives/{_id}", new ExecutionInitiative(_id, "Search", "active", "cw/search",
            "review_per_phase", Now));
        Gateway.On("GET", $"/api/initiatives/{_id}/tree", Tree("in_progress", "blocked"));
        Gateway.On("GET", "/api/phases", new ExecutionPage<ExecutionBlockedItem>([], 0));
        Gateway.On("GET", "/api/tasks", new ExecutionPage<ExecutionBlockedItem>(
            [new("t-index", "Agent crashed 3 times: out of memory")], 1));
        Gateway.On("GET", "/api/agents", new[]
        {
            new ExecutionAgent(RunningAgentId.ToString(), "swift-otter", "running", null, "execute", "t-query", _id, Now),
            new ExecutionAgent(Guid.NewGuid().ToString(), "someone-else", "running", null, "execute", "t-other",
                Guid.NewGuid().ToString(), Now),
        });
        Gateway.On("GET", $"/api/initiatives/{_id}/merges", new[]
        {
            new ExecutionMerge("m1", "task_into_phase", "p-build", "t-index", "proj", "cw/search-task-t-index",
                "cw/search-phase-build", "failed", "fatal: refusing to merge unrelated histories", Now, Now),
        });
    }

    [Fact]
    public void Each_task_shows_its_agent_its_live_output_and_why_it_is_blocked()
    {
        var tab = Render<ExecutionTab>(p => p.Add(t => t.InitiativeId, InitiativeId));

        tab.WaitForAssertion(() => Assert.Contains("Build the index", tab.Markup));
        var agentLink = tab.Find($"a[href='/agents/{RunningAgentId}']");
        Assert.Equal("swift-otter", agentLink.TextContent);
        Assert.Equal(RunningAgentId, tab.FindComponent<AgentOutput>().Instance.AgentId);
        Assert.DoesNotContain("someone-else", tab.Markup);
        Assert.Contains("Agent crashed 3 times: out of memory", tab.Markup);
        Assert.Contains("fatal: refusing to merge unrelated histories", tab.Markup);
    }

    [Fact]
    public void Retry_and_stop_send_their_requests()
    {
        Gateway.On("POST", "/api/tasks/t-index/retry", new { });
        Gateway.On("POST", $"/api/agents/{RunningAgentId}/stop", new { });
        var tab = Render<ExecutionTab>(p => p.Add(t => t.InitiativeId, InitiativeId));
        tab.WaitForAssertion(() => Assert.Contains("Retry task", tab.Markup));

        tab.FindAll("button").Single(b => b.TextContent.Trim() == "Retry task").Click();
        tab.FindAll("button").Single(b => b.TextContent.Trim() == "Stop agent").Click();

        tab.WaitForAssertion(() =>
        {
            Assert.Contains(Gateway.Requests, r => r.Method == HttpMethod.Post && r.PathAndQuery == "/api/tasks/t-index/retry");
            Assert.Contains(Gateway.Requests,
                r => r.Method == HttpMethod.Post && r.PathAndQuery == $"/api/agents/{RunningAgentId}/stop");
        });
    }

    [Fact]
    public void A_refused_execute_shows_the_services_reason()
    {
        Gateway.Refuse("POST", $"/api/initiatives/{_id}/execute", 409, "No project",
            "Initiative 'Search' has no project to work on: link one first.");
        var tab = Render<ExecutionTab>(p => p.Add(t => t.InitiativeId, InitiativeId));
        tab.WaitForAssertion(() => Assert.Contains("Execute approved phases", tab.Markup));

        tab.FindAll("button").Single(b => b.TextContent.Trim() == "Execute approved phases").Click();

        tab.WaitForAssertion(() => Assert.Contains("has no project to work on: link one first", tab.Markup));
    }

    [Fact]
    public async Task A_feed_entry_about_the_initiative_shows_the_new_state()
    {
        var tab = Render<ExecutionTab>(p => p.Add(t => t.InitiativeId, InitiativeId));
        tab.WaitForAssertion(() => Assert.Contains("Retry task", tab.Markup));

        Gateway.On("GET", $"/api/initiatives/{_id}/tree", Tree("completed", "completed"));
        await PushAsync(new FeedEntry(1, "task.completed", InitiativeId, null, null, null, null,
            JsonDocument.Parse("{}").RootElement, Now));

        tab.WaitForAssertion(() =>
        {
            Assert.Contains("2 of 2 tasks completed", tab.Markup);
            Assert.DoesNotContain("Retry task", tab.Markup);
        });
    }

    private ExecutionTree Tree(string queryStatus, string indexStatus) => new(
        _id, "Search", "active",
        [new ExecutionTreePhase("p-build", "Build", "in_progress", Now)],
        [
            new ExecutionTreeTask("t-query", "p-build", "Parse the query", "execute", "high", queryStatus, 0, 0),
            new ExecutionTreeTask("t-index", "p-build", "Build the index", "execute", "medium", indexStatus, 1, 3),
        ],
        [], [new ExecutionDependency("t-index", "t-query")]);
}
