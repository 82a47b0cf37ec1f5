using Codewalkers.Web.Api;

namespace Codewalkers.Web.Tests.Settings;

/// <summary>Canned answers of the Agents service for the settings sections.</summary>
internal static class SettingsSamples
{
    public static MachineCapacity Capacity(
        long freeMemoryMb = 3_200, long freeDiskMb = 50_000, int runningAgents = 1, int? maxRunningAgents = null,
        string? reason = null, int waiting = 0, AdmissionLimits? overrides = null) =>
        new(reason is null, reason,
            new CapacityMeasured(freeMemoryMb, 7_900, 0.90, 2, 0.45, freeDiskMb, runningAgents),
            new CapacityThresholds(overrides?.MinFreeMemoryMb ?? 512, overrides?.MaxLoadPerCore ?? 8.0,
                overrides?.MinFreeDiskMb ?? 1024, maxRunningAgents ?? overrides?.MaxRunningAgents),
            overrides ?? new AdmissionLimits(null, null, null, null), waiting, DateTimeOffset.UtcNow);

    public static SavedWork Save(string agentId, DateTimeOffset time, string summary, int filesChanged = 3,
        string project = "my-app", bool projectDeleted = false) =>
        new(projectDeleted ? null : "proj_000000000000000a", project, projectDeleted, agentId,
            $"refs/cw/saved/{agentId}/{time.UtcDateTime:yyyyMMdd'T'HHmmss'Z'}", time, "0123456789abcdef0123456789abcdef01234567",
            filesChanged, summary);
}
