using Codewalkers.Agents.Supervision;

namespace Codewalkers.Agents.Tests.Supervision;

public sealed class AdmissionThresholdsTests
{
    private static readonly AdmissionThresholds Thresholds = new(512, 2.0, 1024, 4);

    private static CapacityMeasurement Machine(long freeMemoryMb = 8000, double load = 1.0, long freeDiskMb = 50_000) =>
        new(freeMemoryMb, 16_000, load, 2, freeDiskMb);

    [Theory]
    [InlineData(1024, 256)]
    [InlineData(8192, 819)]
    [InlineData(65536, 2048)]
    public void Without_settings_the_memory_needed_is_a_tenth_of_the_RAM_within_256_MB_and_2_GB(
        long totalMb, long expected)
    {
        var defaults = AdmissionThresholds.Defaults(totalMb);
        Assert.Equal((expected, 8.0, 1024L, (int?)null),
            (defaults.MinFreeMemoryMb, defaults.MaxLoadPerCore, defaults.MinFreeDiskMb, defaults.MaxRunningAgents));
    }

    [Fact]
    public void A_machine_with_room_admits()
    {
        Assert.Empty(Thresholds.Shortfalls(Machine(), runningAgents: 3));
        // At the threshold is still enough: only below (above, for the load) holds an agent back.
        Assert.Empty(Thresholds.Shortfalls(Machine(freeMemoryMb: 512, load: 4.0, freeDiskMb: 1024), 0));
    }

    [Fact]
    public void Each_missed_threshold_names_the_measured_value_and_the_threshold()
    {
        Assert.Equal(["free memory 312 MB < 512 MB"], Thresholds.Shortfalls(Machine(freeMemoryMb: 312), 0));
        Assert.Equal(["free disk 900 MB < 1024 MB"], Thresholds.Shortfalls(Machine(freeDiskMb: 900), 0));
        Assert.Equal(["load 2.26 per core > 2.00"], Thresholds.Shortfalls(Machine(load: 4.52), 0));
        Assert.Equal(["running agents 4 >= limit 4"], Thresholds.Shortfalls(Machine(), runningAgents: 4));
        Assert.Equal(
            ["free memory 100 MB < 512 MB", "free disk 10 MB < 1024 MB", "load 3.00 per core > 2.00"],
            Thresholds.Shortfalls(Machine(100, 6.0, 10), 0));
    }

    [Fact]
    public void A_runtime_override_beats_the_configuration_which_beats_the_machine_default()
    {
        var configured = new AdmissionOptions { MinFreeMemoryMb = 700, MaxRunningAgents = 3 };
        var resolved = AdmissionThresholds.Resolve(configured, new AdmissionLimits(MaxLoadPerCore: 1.5), 8192);
        Assert.Equal(new AdmissionThresholds(700, 1.5, 1024, 3), resolved);
        // 0 running agents at most means no limit, as unset does.
        Assert.Null(AdmissionThresholds.Resolve(configured, new AdmissionLimits(MaxRunningAgents: 0), 8192)
            .MaxRunningAgents);
    }
}
