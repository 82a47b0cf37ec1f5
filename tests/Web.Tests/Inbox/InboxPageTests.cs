using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Pages.Inbox;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Codewalkers.Web.Live;
using Codewalkers.Web.Tests.Support;

namespace Codewalkers.Web.Tests.Inbox;

public sealed class InboxPageTests : WebTestContext
{
    private const string PendingPath = "/api/messages?pendingForUser=true&limit=100";

    private static InboxMessage Questions(string id, params InboxQuestion[] questions) => new(
        id, "questions", "question", "agent", string.Join("\n", questions.Select(q => $"{q.Id}: {q.Question}")),
        questions, null, true, "pending", null, null, "agent-1", "swift-otter", "init-1", "Dark mode", "phase-1",
        "Theme", "task-1", "Add the toggle", null, DateTimeOffset.Parse("2026-12-01T10:00:00Z"), null);

    private static InboxMessage Notice(string id, string content) => new(
        id, "task_completed", "info", "system", content, null, null, false, "pending", null, null, null, null,
        "init-1", "Dark mode", null, null, "task-1", "Add the toggle", null,
        DateTimeOffset.Parse("2026-12-01T11:00:00Z"), null);

    [Fact]
    public void A_question_is_shown_with_its_context_and_an_option_click_sends_that_answer()
    {
        Gateway.On("GET", PendingPath, new[]
        {
            Questions("m1", new InboxQuestion("q1", "Which storage?", ["SQLite", "Postgres"]),
                new InboxQuestion("q2", "Anything else?", null)),
        });
        Gateway.On("POST", "/api/messages/m1/reply", new { });
        var page = Render<InboxPage>();

        var item = page.Find("article");
        Assert.Contains("swift-otter", item.QuerySelector(".context")!.TextContent);
        Assert.Equal("initiatives/init-1", item.QuerySelector(".context a[href^=initiatives]")!.GetAttribute("href"));
        Assert.Contains("Add the toggle", item.TextContent);

        page.FindAll("button").Single(b => b.TextContent == "Postgres").Click();
        page.Find("#answer-m1-q2").Change("Keep it small.");
        Gateway.On("GET", PendingPath, Array.Empty<object>());
        page.Find("form").Submit();

        page.WaitForAssertion(() => Assert.Contains("Nothing waits for you", page.Markup));
        var sent = Gateway.Requests.Single(r => r.PathAndQuery == "/api/messages/m1/reply");
        Assert.Equal("""{"answers":{"q1":"Postgres","q2":"Keep it small."}}""", sent.Body);
    }

    [Fact]
    public void A_refused_answer_shows_the_services_words_beside_the_question()
    {
        Gateway.On("GET", PendingPath, new[] { Questions("m1", new InboxQuestion("q1", "Ship it?", ["Yes", "No"])) });
        Gateway.Refuse("POST", "/api/messages/m1/reply", 409, "Agent not waiting",
            "Agent swift-otter is stopped; it no longer waits for these answers.");
        var page = Render<InboxPage>();

        page.FindAll("button").Single(b => b.TextContent == "Yes").Click();
        page.Find("form").Submit();

        page.WaitForAssertion(() =>
            Assert.Contains("no longer waits for these answers", page.Find("article .problem").TextContent));
    }

    [Fact]
    public async Task A_notice_is_marked_read_and_a_feed_entry_brings_new_items()
    {
        Gateway.On("GET", PendingPath, new[] { Notice("n1", "Task 'Add the toggle' is completed.") });
        Gateway.On("POST", "/api/messages/n1/read", new { });
        var page = Render<InboxPage>();

        Gateway.On("GET", PendingPath, Array.Empty<object>());
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Mark read").Click();
        page.WaitForAssertion(() => Assert.Empty(page.FindAll("article")));
        Assert.Contains(Gateway.Requests, r => r.Method == HttpMethod.Post && r.PathAndQuery == "/api/messages/n1/read");

        Gateway.On("GET", PendingPath, new[] { Questions("m2", new InboxQuestion("q1", "Which colour?", null)) });
        await PushAsync(new FeedEntry(9, "agent.waiting_for_input", null, null, null, null, null, default,
            DateTimeOffset.UtcNow));

        page.WaitForAssertion(() => Assert.Contains("Which colour?", page.Find("article").TextContent));
    }

    [Fact]
    public void Questions_between_agents_name_both_agents_and_a_pending_one_is_answered_in_place()
    {
        Gateway.On("GET", "/api/conversations", new[]
        {
            new AgentConversation("c1", "agent-a", "agent-b", "init-1", "task-1", "Which port does the API use?",
                null, "pending", null, DateTimeOffset.Parse("2026-12-01T10:00:00Z"), null),
        });
        Gateway.On("GET", "/api/agents?includeDismissed=true", new[]
        {
            Agents.AgentSamples.Agent("agent-a", "swift-otter", "running"),
            Agents.AgentSamples.Agent("agent-b", "calm-heron", "stopped"),
        });
        Gateway.On("POST", "/api/conversations/c1/answer", new { });
        Services.GetRequiredService<NavigationManager>().NavigateTo("inbox?show=conversations");
        var page = Render<InboxPage>();

        Assert.Contains("swift-otter asked calm-heron",
            System.Text.RegularExpressions.Regex.Replace(page.Find(".conversation p").TextContent, @"\s+", " "));
        page.Find("#conversation-c1").Input("5300");
        page.Find(".conversation form").Submit();

        page.WaitForAssertion(() => Assert.Equal("""{"answer":"5300"}""",
            Gateway.Requests.Single(r => r.PathAndQuery == "/api/conversations/c1/answer").Body));
    }

    [Fact]
    public void An_answered_question_shows_what_was_sent_and_why_the_agent_refused_it()
    {
        var item = Questions("m1", new InboxQuestion("q1", "Ship it?", ["Yes", "No"])) with { Status = "responded" };
        var reply = item with
        {
            Id = "r1", Kind = "reply", Questions = null, Answers = new Dictionary<string, string> { ["q1"] = "Yes" },
            Status = "failed", StatusReason = "Agent swift-otter could not be resumed: no session.",
            ParentMessageId = "m1",
        };
        Gateway.On("GET", "/api/messages?limit=100", new[] { item });
        Gateway.On("GET", "/api/messages/m1", new InboxThread(item, [item, reply]));
        Services.GetRequiredService<NavigationManager>().NavigateTo("inbox?show=all");
        var page = Render<InboxPage>();
        Assert.Empty(page.FindAll("article form"));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Show the answers").Click();

        page.WaitForAssertion(() => Assert.Equal("Yes", page.Find(".reply dd").TextContent));
        Assert.Equal("Ship it?", page.Find(".reply dt").TextContent);
        Assert.Contains("could not be resumed", page.Find(".reply .problem").TextContent);
    }
}
