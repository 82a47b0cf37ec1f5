using System.Text.Json;
using Codewalkers.Web.Api;
using Codewalkers.Web.Components.Pages.Settings;
using Codewalkers.Web.Live;
using Codewalkers.Web.Tests.Support;

namespace Codewalkers.Web.Tests.Settings;

public sealed class CapacitySectionTests : WebTestContext
{
    private const string Capacity = "/api/agents/capacity";

    [Fact]
    public void Each_measure_stands_beside_its_threshold_and_a_refusal_says_why_and_who_waits()
    {
        Gateway.On("GET", Capacity, SettingsSamples.Capacity(
            freeMemoryMb: 312, reason: "free memory 312 MB < 512 MB", waiting: 2,
            overrides: new AdmissionLimits(512, null, null, null)));

        var section = Render<CapacitySection>();

        section.WaitForAssertion(() => Assert.Contains("free memory 312 MB < 512 MB", section.Find(".admission").TextContent));
        Assert.Contains("no", section.Find(".admission .badge").TextContent);
        var rows = section.FindAll("tbody tr").ToDictionary(r => r.QuerySelector("th")!.TextContent, r => r.TextContent);
        Assert.Contains("312 MB of 7,900 MB", rows["Free memory"]);
        Assert.Contains("at least 512 MB (set here)", rows["Free memory"]);
        Assert.Contains("missed", rows["Free memory"]);
        Assert.Contains("0.45 (load 0.90 on 2 cores)", rows["Load per core"]);
        Assert.Contains("at most 8.00", rows["Load per core"]);
        Assert.Contains("ok", rows["Load per core"]);
        Assert.DoesNotContain("set here", rows["Load per core"]);
        Assert.Contains("no limit", rows["Running agents"]);
        Assert.Contains("2 agents wait for capacity", section.Find(".waiting").TextContent);
    }

    [Fact]
    public void Saving_sends_the_typed_thresholds_and_null_for_an_emptied_one_then_shows_the_new_measure()
    {
        Gateway.On("GET", Capacity, SettingsSamples.Capacity(overrides: new AdmissionLimits(1024, null, null, 4)));
        Gateway.On("PUT", Capacity, SettingsSamples.Capacity(freeDiskMb: 99_000,
            overrides: new AdmissionLimits(null, 4.5, 2048, 4)));
        var section = Render<CapacitySection>();
        section.WaitForAssertion(() => Assert.Equal("1024", section.Find("#capacity-memory").GetAttribute("value")));
        Assert.Equal("4", section.Find("#capacity-agents").GetAttribute("value"));

        section.Find("#capacity-memory").Change("");
        section.Find("#capacity-load").Change("4.5");
        section.Find("#capacity-disk").Change("2048");
        section.Find("form").Submit();

        section.WaitForAssertion(() => Assert.Contains("Thresholds saved", section.Markup));
        Assert.Equal("{\"minFreeMemoryMb\":null,\"maxLoadPerCore\":4.5,\"minFreeDiskMb\":2048,\"maxRunningAgents\":4}",
            Gateway.Requests.Single(r => r.Method == HttpMethod.Put).Body);
        Assert.Contains("99,000 MB", section.Find("tbody").TextContent);
        Assert.True(string.IsNullOrEmpty(section.Find("#capacity-memory").GetAttribute("value")));
    }

    [Fact]
    public void A_refused_threshold_shows_the_services_detail()
    {
        Gateway.On("GET", Capacity, SettingsSamples.Capacity());
        Gateway.Refuse("PUT", Capacity, 400, "The request is invalid", "maxLoadPerCore: maxLoadPerCore must be above 0.");
        var section = Render<CapacitySection>();
        section.WaitForAssertion(() => section.Find("#capacity-load"));

        section.Find("#capacity-load").Change("0");
        section.Find("form").Submit();

        section.WaitForAssertion(() => Assert.Contains("maxLoadPerCore must be above 0.", section.Find("form .problem").TextContent));
        Assert.DoesNotContain("Thresholds saved", section.Markup);
    }

    [Fact]
    public async Task An_agents_status_change_measures_again()
    {
        Gateway.On("GET", Capacity, SettingsSamples.Capacity());
        var section = Render<CapacitySection>();
        section.WaitForAssertion(() => Assert.Contains("yes", section.Find(".admission").TextContent));

        Gateway.On("GET", Capacity, SettingsSamples.Capacity(runningAgents: 4, maxRunningAgents: 4,
            reason: "running agents 4 >= limit 4", waiting: 1));
        await PushAsync(new FeedEntry(3, "agent.running", null, null, null, "agent_00000000000001", null,
            JsonDocument.Parse("{\"from\":\"idle\",\"to\":\"running\"}").RootElement, DateTimeOffset.UtcNow));

        section.WaitForAssertion(() => Assert.Contains("running agents 4 >= limit 4", section.Find(".admission").TextContent));
        Assert.Contains("1 agent waits for capacity", section.Find(".waiting").TextContent);
        Assert.Contains("agents?status=waiting_for_capacity", section.Find(".waiting a").GetAttribute("href"));
    }
}
