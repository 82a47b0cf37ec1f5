using Codewalkers.ServiceDefaults;
using Codewalkers.Agents.Supervision;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Codewalkers.Agents.Tests.Supervision;

/// <summary>
/// A burst of spawns is judged on one measurement of the machine, taken before any of them has its memory: each agent
/// launched holds its share until the measurement can show it (the Agents benchmark saw 15 of 30 agents admitted at
/// once against a budget of 10 without this).
/// </summary>
public sealed class AdmissionBurstTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cw-admission-").FullName;
    private readonly MovableClock _clock = new(DateTimeOffset.Parse("2026-12-07T10:00:00Z"));

    [Fact]
    public void Each_agent_just_launched_holds_its_memory_until_it_has_settled()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["CW_HOME"] = _home }).Build();
        var probe = new CapacityProbe(CodewalkersHome.From(configuration).WorkspaceDirectory);
        // Room for one agent of 2000 MB, not two: wide margins, since other work on this machine moves its free memory.
        var free = probe.Measure().FreeMemoryMb;
        var options = new AgentsOptions();
        options.Admission.MinFreeMemoryMb = free - 3000;
        options.Admission.AgentMemoryMb = 2000;
        (options.Admission.MaxLoadPerCore, options.Admission.MinFreeDiskMb) = (1000, 0); // memory is what is tested
        options.Admission.LaunchSettling = TimeSpan.FromSeconds(10);
        // Judge reads the machine only (budgets are JudgeAsync's, for a given agent).
        var admission = new AdmissionControl(
            probe, new AdmissionSettings(configuration), budgets: null!, Options.Create(options), _clock);

        Assert.True(admission.Judge(0).Admitting);
        admission.Launched();
        Assert.True(admission.Judge(1).Admitting);
        admission.Launched();
        var held = admission.Judge(2);
        Assert.False(held.Admitting);
        Assert.Contains("4000 MB held for 2 agents just launched", held.Reason);

        // Settled: the next measurement is trusted to show what they took.
        _clock.Now += TimeSpan.FromSeconds(11);
        Assert.True(admission.Judge(2).Admitting);
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);

    private sealed class MovableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
