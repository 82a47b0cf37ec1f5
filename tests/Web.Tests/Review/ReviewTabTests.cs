using System.Text.Json;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Initiatives;
using Codewalkers.Web.Live;
using Codewalkers.Web.Tests.Support;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace Codewalkers.Web.Tests.Review;

public sealed class ReviewTabTests : WebTestContext
{
    private const string InitiativeId = "Q2StGXR8_Z5jdHi6B-myU";
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 4, 0, 0, TimeSpan.Zero);

    private const string Patch = """
        diff --git a/src/greet.txt b/src/greet.txt
        index 1111111..2222222 100644
        --- a/src/greet.txt
        +++ b/src/greet.txt
        @@ -1,3 +1,3 @@
         hello
        -world
        +there
         bye

        """;

    private readonly string _id = InitiativeId;

    public ReviewTabTests()
    {
        Gateway.On("GET", $"/api/initiatives/{_id}", new ExecutionInitiative(_id, "Greeter", "active", "cw/greeter",
            "review_per_phase", Now));
        Gateway.On("GET", $"/api/initiatives/{_id}/tree", new ExecutionTree(_id, "Greeter", "active",
            [new ExecutionTreePhase("p-build", "Build", "pending_review", Now)], [], [], []));
        Gateway.On("GET", $"/api/initiatives/{_id}/merges", Array.Empty<ExecutionMerge>());
        Gateway.On("GET", "/api/phases/p-build/diff", new[]
        {
            new ReviewProjectChanges("proj", "greeter", "cw/greeter", "cw/greeter-phase-build",
                new ReviewChanges([new ReviewChangedFile("modified", "src/greet.txt")], Patch)),
        });
        Gateway.On("GET", "/api/review-comments", new[] { Thread("c1", "Why not world?") });
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/initiatives/{_id}/review?phase=p-build");
    }

    [Fact]
    public void A_comment_on_a_line_is_sent_for_that_line_of_the_phases_diff()
    {
        Gateway.On("POST", "/api/review-comments", Thread("c2", "Say it louder"), System.Net.HttpStatusCode.Created);
        var tab = Render<ReviewTab>(p => p.Add(t => t.InitiativeId, InitiativeId));
        tab.WaitForAssertion(() => Assert.Contains("Why not world?", tab.Markup));

        tab.Find("button[aria-label='Comment on added line 2']").Click();
        tab.Find("form.compose textarea").Input("Say it louder");
        tab.Find("form.compose").Submit();

        tab.WaitForAssertion(() =>
        {
            var sent = Gateway.Requests.Single(r => r.Method == HttpMethod.Post && r.PathAndQuery == "/api/review-comments");
            using var body = JsonDocument.Parse(sent.Body!);
            var root = body.RootElement;
            Assert.Equal("p-build", root.GetProperty("phaseId").GetString());
            Assert.Equal(JsonValueKind.Null, root.GetProperty("initiativeId").ValueKind);
            Assert.Equal("proj", root.GetProperty("projectId").GetString());
            Assert.Equal("src/greet.txt", root.GetProperty("filePath").GetString());
            Assert.Equal(2, root.GetProperty("lineNumber").GetInt32());
            Assert.Equal("added", root.GetProperty("lineType").GetString());
            Assert.Equal("Say it louder", root.GetProperty("body").GetString());
        });
        Assert.Contains(Gateway.Requests, r => r.PathAndQuery == "/api/review-comments?phaseId=p-build");
    }

    [Fact]
    public void Reply_and_resolve_act_on_the_thread()
    {
        Gateway.On("POST", "/api/review-comments/c1/replies", Thread("c3", "Fine"), System.Net.HttpStatusCode.Created);
        Gateway.On("POST", "/api/review-comments/c1/resolve", Thread("c1", "Why not world?"));
        var tab = Render<ReviewTab>(p => p.Add(t => t.InitiativeId, InitiativeId));
        tab.WaitForAssertion(() => Assert.Contains("Resolve", tab.Markup));

        tab.Find("#reply-c1").Input("Because 'there' reads better");
        tab.Find("form.reply").Submit();
        tab.WaitForAssertion(() => Assert.Contains(Gateway.Requests, r => r.PathAndQuery == "/api/review-comments/c1/replies"
            && r.Body!.Contains("reads better")));
        tab.FindAll("button").Single(b => b.TextContent.Trim() == "Resolve").Click();

        tab.WaitForAssertion(() => Assert.Contains(Gateway.Requests,
            r => r.Method == HttpMethod.Post && r.PathAndQuery == "/api/review-comments/c1/resolve"));
    }

    [Fact]
    public void Request_changes_sends_the_feedback_and_shows_a_refusal()
    {
        Gateway.Refuse("POST", "/api/phases/p-build/review/request-changes", 503, "Collaboration unavailable",
            "The review threads could not be read: try again.");
        var tab = Render<ReviewTab>(p => p.Add(t => t.InitiativeId, InitiativeId));
        tab.WaitForAssertion(() => Assert.Contains("Request changes", tab.Markup));

        tab.Find("#review-feedback").Input("Keep the old greeting");
        tab.FindAll("button").Single(b => b.TextContent.Trim() == "Request changes").Click();

        tab.WaitForAssertion(() => Assert.Contains("The review threads could not be read: try again.", tab.Markup));
        var sent = Gateway.Requests.Single(r => r.PathAndQuery == "/api/phases/p-build/review/request-changes");
        Assert.Contains("\"feedback\":\"Keep the old greeting\"", sent.Body);
    }

    [Fact]
    public async Task A_feed_entry_brings_in_the_review_agents_replies()
    {
        var tab = Render<ReviewTab>(p => p.Add(t => t.InitiativeId, InitiativeId));
        tab.WaitForAssertion(() => Assert.Contains("Resolve", tab.Markup));

        Gateway.On("GET", "/api/review-comments", new[]
        {
            Thread("c1", "Why not world?") with { Replies = [Thread("c9", "Changed it back.") with { Author = "calm-heron" }] },
        });
        await PushAsync(new FeedEntry(7, "task.completed", InitiativeId, null, null, null, null,
            JsonDocument.Parse("{}").RootElement, Now));

        tab.WaitForAssertion(() => Assert.Contains("Changed it back.", tab.Markup));
    }

    private static ReviewComment Thread(string id, string body) => new(
        id, "p-build", null, "proj", "src/greet.txt", 2, "added", "there", body, "you", null, false, false, null, Now,
        []);
}
