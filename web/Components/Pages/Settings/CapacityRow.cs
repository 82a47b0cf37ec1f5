using System.Globalization;
using Codewalkers.Web.Api;

namespace Codewalkers.Web.Components.Pages.Settings;

/// <summary>
/// One measurement beside the threshold it is judged by, as the capacity table shows it. <see cref="Within"/> follows
/// the Agents service's own test (AdmissionThresholds.Shortfalls), so the row that missed is the one the reason names.
/// </summary>
public sealed record CapacityRow(string Measure, string Now, string Threshold, bool Within, bool SetHere)
{
    public static IReadOnlyList<CapacityRow> Of(MachineCapacity capacity)
    {
        var (measured, thresholds, overrides) = (capacity.Measured, capacity.Thresholds, capacity.Overrides);
        return
        [
            new("Free memory", $"{Mb(measured.FreeMemoryMb)} of {Mb(measured.TotalMemoryMb)}",
                $"at least {Mb(thresholds.MinFreeMemoryMb)}", measured.FreeMemoryMb >= thresholds.MinFreeMemoryMb,
                overrides.MinFreeMemoryMb is not null),
            new("Load per core", $"{Load(measured.LoadPerCore)} (load {Load(measured.LoadAverage)} on {measured.Cores} cores)",
                $"at most {Load(thresholds.MaxLoadPerCore)}", measured.LoadPerCore <= thresholds.MaxLoadPerCore,
                overrides.MaxLoadPerCore is not null),
            new("Free disk", Mb(measured.FreeDiskMb), $"at least {Mb(thresholds.MinFreeDiskMb)}",
                measured.FreeDiskMb >= thresholds.MinFreeDiskMb, overrides.MinFreeDiskMb is not null),
            new("Running agents", measured.RunningAgents.ToString(CultureInfo.InvariantCulture),
                thresholds.MaxRunningAgents is { } limit ? $"limit {limit}" : "no limit",
                thresholds.MaxRunningAgents is not { } max || measured.RunningAgents < max,
                overrides.MaxRunningAgents is not null),
        ];
    }

    private static string Mb(long value) => value.ToString("N0", CultureInfo.InvariantCulture) + " MB";

    private static string Load(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
