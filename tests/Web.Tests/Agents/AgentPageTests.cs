using Codewalkers.Web.Components.Pages.Agents;
using Codewalkers.Web.Tests.Support;
using static Codewalkers.Web.Tests.Agents.AgentSamples;

namespace Codewalkers.Web.Tests.Agents;

public sealed class AgentPageTests : WebTestContext
{
    public AgentPageTests()
    {
        Gateway.On("GET", $"/api/agents/{OtterId}/sessions", Array.Empty<object>());
        // The page's output panel streams; an empty stream is enough here.
        Gateway.On("GET", $"/api/agents/{OtterId}/output", _ => new HttpResponseMessage
        {
            Content = new StringContent("", System.Text.Encoding.UTF8, "text/event-stream"),
        });
    }

    [Fact]
    public void Stop_sends_the_stop_and_shows_the_agent_as_the_service_answered()
    {
        Gateway.On("GET", $"/api/agents/{OtterId}", Agent(OtterId, "swift-otter", "running", prompt: "Do the task."));
        Gateway.On("POST", $"/api/agents/{OtterId}/stop", Agent(OtterId, "swift-otter", "stopped"));
        var page = Render<AgentPage>(p => p.Add(x => x.Id, OtterId));

        page.FindAll("button").Single(b => b.TextContent.Trim() == "Stop").Click();

        page.WaitForAssertion(() => Assert.Contains(Gateway.Requests,
            r => r.Method == HttpMethod.Post && r.PathAndQuery == $"/api/agents/{OtterId}/stop"));
        page.WaitForAssertion(() => Assert.Contains("stopped", page.Find("h1 + div .badge").TextContent));
        // The action's answer has no prompt; the one read before stays.
        Assert.Contains("Do the task.", page.Find("details .markdown").TextContent);
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Trim() == "Resume");
    }

    [Fact]
    public void Resume_sends_the_typed_message_and_a_refusal_shows_the_services_words()
    {
        Gateway.On("GET", $"/api/agents/{OtterId}", Agent(OtterId, "swift-otter", "stopped"));
        Gateway.Refuse("POST", $"/api/agents/{OtterId}/messages", 409, "Cannot resume",
            "Agent 'swift-otter' has no session to resume.");
        var page = Render<AgentPage>(p => p.Add(x => x.Id, OtterId));

        page.Find("#resume-message").Input("Please also update the docs.");
        page.FindAll("button").Single(b => b.TextContent.Trim() == "Resume").Click();

        page.WaitForAssertion(() => Assert.Contains("has no session to resume", page.Find(".problem").TextContent));
        var sent = Gateway.Requests.Single(r => r.PathAndQuery == $"/api/agents/{OtterId}/messages");
        Assert.Contains("Please also update the docs.", sent.Body);
    }
}
