using Codewalkers.Web.Components.Pages.Agents;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Codewalkers.Web.Live;
using Codewalkers.Web.Tests.Support;
using static Codewalkers.Web.Tests.Agents.AgentSamples;

namespace Codewalkers.Web.Tests.Agents;

public sealed class AgentsPageTests : WebTestContext
{
    [Fact]
    public void Each_agent_is_listed_with_its_status_and_a_link_to_what_it_works_on()
    {
        Gateway.On("GET", "/api/agents", new[]
        {
            Agent(OtterId, "swift-otter", "running", initiativeId: "init-1", taskId: "task-1"),
            Agent(HeronId, "calm-heron", "stopped", mode: "errand", errandId: "errand-1"),
        });

        Gateway.On("GET", "/api/accounts", new[] { new { id = "acct-1", email = "dev@example.com", provider = "claude" } });
        var page = Render<AgentsPage>();

        var rows = page.FindAll("tbody tr");
        Assert.Contains("claude / dev@example.com", rows[0].TextContent);
        Assert.Equal(2, rows.Count);
        Assert.Equal($"agents/{OtterId}", rows[0].QuerySelector("th a")!.GetAttribute("href"));
        Assert.Contains("running", rows[0].TextContent);
        Assert.Equal("initiatives/init-1/execution", rows[0].QuerySelector("td a")!.GetAttribute("href"));
        Assert.Equal("errands/errand-1", rows[1].QuerySelector("td a")!.GetAttribute("href"));
    }

    [Fact]
    public void The_status_filter_of_the_address_shows_only_those_agents()
    {
        Gateway.On("GET", "/api/agents", new[]
        {
            Agent(OtterId, "swift-otter", "running"), Agent(HeronId, "calm-heron", "crashed"),
        });

        Services.GetRequiredService<NavigationManager>().NavigateTo("agents?status=crashed");
        var page = Render<AgentsPage>();

        var row = Assert.Single(page.FindAll("tbody tr"));
        Assert.Contains("calm-heron", row.TextContent);
    }

    [Fact]
    public async Task An_agent_entry_of_the_feed_reloads_the_list()
    {
        Gateway.On("GET", "/api/agents", Array.Empty<object>());
        var page = Render<AgentsPage>();
        Assert.Contains("No agents yet", page.Markup);

        Gateway.On("GET", "/api/agents", new[] { Agent(OtterId, "swift-otter", "idle") });
        await PushAsync(new FeedEntry(7, "agent.idle", null, null, null, null, null, default, DateTimeOffset.UtcNow));

        page.WaitForAssertion(() => Assert.Contains("swift-otter", page.Find("tbody").TextContent));
    }
}
