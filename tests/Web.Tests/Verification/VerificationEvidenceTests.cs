using System.Text.Json;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Initiatives;
using Codewalkers.Web.Live;
using Codewalkers.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Web.Tests.Verification;

/// <summary>
/// The evidence of the project's check shown with the work: a task's latest run on the execution tab and beside the
/// review diff, and the refused merge's check on the merge list.
/// </summary>
public sealed class VerificationEvidenceTests : WebTestContext
{
    private const string InitiativeId = "E1StGXR8_Z5jdHi6B-myV";
    private const string AgentId = "agentV1verifiedXXXXXX";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    private readonly string _id = InitiativeId;

    public VerificationEvidenceTests()
    {
        Gateway.On("GET", $"/api/initiatives/{_id}", new ExecutionInitiative(_id, "Search", "active", "cw/search",
            "review_per_phase", Now));
        Gateway.On("GET", $"/api/initiatives/{_id}/tree", Tree("in_progress", "blocked"));
        Gateway.On("GET", "/api/phases", new ExecutionPage<ExecutionBlockedItem>([], 0));
        Gateway.On("GET", "/api/tasks", new ExecutionPage<ExecutionBlockedItem>(
            [new("t-b", "Merged-result check failed: `sh check.sh` exited with code 4 on the merge of ...")], 1));
        Gateway.On("GET", "/api/agents", new[]
        {
            new ExecutionAgent(AgentId, "calm-heron", "stopped", "task_complete", "execute", "t-a", _id, Now),
        });
        Gateway.On("GET", $"/api/agents/{AgentId}/verifications", new[]
        {
            Run(1, "npm test", 1, "FAIL parser.test.js\nexpected 2, got 3", Now.AddMinutes(-5)),
            Run(2, "npm test", 0, "PASS parser.test.js\nTests: 12 passed", Now),
        });
        Gateway.On("GET", $"/api/initiatives/{_id}/merges", new[]
        {
            new ExecutionMerge("m-red", "task_into_phase", "p-build", "t-b", "proj", "cw/search-task-t-b",
                "cw/search-phase-build", "check_failed", "Merged-result check failed: `sh check.sh` exited with code 4",
                Now, Now),
        });
        Gateway.On("GET", "/api/workspace/verifications?requestId=m-red", new[]
        {
            new MergedResultCheckRun(7, "m-red", "proj", "search", "cw/search-task-t-b", "cw/search-phase-build",
                "fedcba98", "sh check.sh", 4, false, false, 812, "a.txt and b.txt must not both exist", Now),
        });
    }

    [Fact]
    public void A_task_shows_its_latest_check_and_a_refused_merge_the_check_that_refused_it()
    {
        var tab = Render<ExecutionTab>(p => p.Add(t => t.InitiativeId, InitiativeId));

        tab.WaitForAssertion(() =>
        {
            var passed = tab.Find(".check-evidence.passed");
            Assert.Contains("passed", passed.TextContent);
            Assert.Contains("npm test", passed.TextContent);
            Assert.Contains("exit code 0", passed.TextContent);
            Assert.Contains("Tests: 12 passed", passed.QuerySelector("details pre")!.TextContent);
            // The earlier, failed run is history: the task shows the latest.
            Assert.DoesNotContain("expected 2, got 3", tab.Markup);

            var refused = tab.Find(".check-evidence.failed");
            Assert.Contains("failed", refused.TextContent);
            Assert.Contains("sh check.sh", refused.TextContent);
            Assert.Contains("exit code 4", refused.TextContent);
            Assert.Contains("must not both exist", refused.QuerySelector("details pre")!.TextContent);
        });
        Assert.Contains(Gateway.Requests, r => r.PathAndQuery == "/api/workspace/verifications?requestId=m-red");
    }

    [Fact]
    public async Task A_check_that_ends_while_the_tab_is_open_shows_once_the_feed_says_the_agent_moved()
    {
        Gateway.On("GET", "/api/agents", new[]
        {
            new ExecutionAgent(AgentId, "calm-heron", "running", "verifying", "execute", "t-a", _id, Now),
        });
        Gateway.On("GET", $"/api/agents/{AgentId}/verifications", Array.Empty<AgentVerificationRun>());
        var tab = Render<ExecutionTab>(p => p.Add(t => t.InitiativeId, InitiativeId));
        tab.WaitForAssertion(() => Assert.Contains("calm-heron", tab.Markup));
        Assert.Empty(tab.FindAll(".check-evidence.passed"));

        Gateway.On("GET", "/api/agents", new[]
        {
            new ExecutionAgent(AgentId, "calm-heron", "stopped", "task_complete", "execute", "t-a", _id, Now),
        });
        Gateway.On("GET", $"/api/agents/{AgentId}/verifications", new[]
        {
            Run(3, "npm test", null, "still running after 600 s", Now, timedOut: true),
        });
        await PushAsync(new FeedEntry(1, "agent.stopped", InitiativeId, "p-build", "t-a", AgentId, null,
            JsonDocument.Parse("{}").RootElement, Now));

        tab.WaitForAssertion(() =>
        {
            var failed = Assert.Single(tab.FindAll(".check-evidence"), e => e.ClassList.Contains("failed")
                && e.TextContent.Contains("npm test"));
            Assert.Contains("killed at its time limit", failed.TextContent);
        });
    }

    [Fact]
    public void The_review_tab_shows_each_tasks_check_beside_the_diff()
    {
        Gateway.On("GET", "/api/phases/p-build/diff", Array.Empty<ReviewProjectChanges>());
        Gateway.On("GET", "/api/review-comments", Array.Empty<ReviewComment>());
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/initiatives/{_id}/review?phase=p-build");

        var tab = Render<ReviewTab>(p => p.Add(t => t.InitiativeId, InitiativeId));

        tab.WaitForAssertion(() =>
        {
            var checks = tab.Find("section[aria-labelledby='review-checks-heading']");
            Assert.Contains("Parse the query", checks.TextContent);
            Assert.Contains("passed", checks.TextContent);
            Assert.Contains("npm test", checks.TextContent);
            // Only the checked task is listed; the other never had an agent.
            Assert.DoesNotContain("Build the index", checks.TextContent);
        });
    }

    private static AgentVerificationRun Run(long id, string command, int? exitCode, string output, DateTimeOffset at,
        bool timedOut = false) =>
        new(id, (int)id, "search", command, exitCode, timedOut, exitCode == 0 && !timedOut, 1500, output, at);

    private ExecutionTree Tree(string aStatus, string bStatus) => new(
        _id, "Search", "active",
        [new ExecutionTreePhase("p-build", "Build", "in_progress", Now)],
        [
            new ExecutionTreeTask("t-a", "p-build", "Parse the query", "execute", "high", aStatus, 0, 0),
            new ExecutionTreeTask("t-b", "p-build", "Build the index", "execute", "medium", bStatus, 1, 0),
        ],
        [], []);
}
