using System.Globalization;
using Codewalkers.Agents.Runners;

namespace Codewalkers.Agents.Supervision;

/// <summary>What the machine has free right now.</summary>
public sealed record CapacityMeasurement(
    long FreeMemoryMb, long TotalMemoryMb, double LoadAverage, int Cores, long FreeDiskMb)
{
    public double LoadPerCore => LoadAverage / Math.Max(1, Cores);
}

/// <summary>
/// Reads the real machine: <c>/proc/meminfo</c> (MemAvailable: what can be allocated without swapping, page cache
/// included), <c>/proc/loadavg</c> (the 1-minute load, divided by the cores) and the free bytes of the filesystem
/// holding this runner's workspace, where every agent's worktrees, builds and dependencies go (another runner on the
/// same machine may keep its workspace on another filesystem).
/// </summary>
public sealed class CapacityProbe(string workspace)
{
    public CapacityProbe(ThisRunner runner) : this(runner.WorkspaceDirectory)
    {
    }

    private readonly string _workspace = workspace;

    public CapacityMeasurement Measure()
    {
        var (totalKb, availableKb) = ParseMemInfo(File.ReadAllText("/proc/meminfo"));
        return new CapacityMeasurement(availableKb / 1024, totalKb / 1024,
            ParseLoadAverage(File.ReadAllText("/proc/loadavg")), Environment.ProcessorCount,
            new DriveInfo(ExistingAncestor(_workspace)).AvailableFreeSpace / (1024 * 1024));
    }

    /// <summary>MemTotal and MemAvailable (kB) from <c>/proc/meminfo</c>'s "Name:   value kB" lines.</summary>
    public static (long TotalKb, long AvailableKb) ParseMemInfo(string text)
    {
        long? total = null, available = null;
        foreach (var line in text.Split('\n'))
        {
            var colon = line.IndexOf(':');
            if (colon < 0) continue;
            var value = line[(colon + 1)..].Trim().Split(' ')[0];
            switch (line[..colon])
            {
                case "MemTotal": total = long.Parse(value, CultureInfo.InvariantCulture); break;
                case "MemAvailable": available = long.Parse(value, CultureInfo.InvariantCulture); break;
            }
        }
        return (total ?? throw new FormatException("/proc/meminfo has no MemTotal."),
            available ?? throw new FormatException("/proc/meminfo has no MemAvailable."));
    }

    /// <summary>The 1-minute load average: the first of <c>/proc/loadavg</c>'s fields ("0.52 0.58 0.59 1/467 12345").</summary>
    public static double ParseLoadAverage(string text) =>
        double.Parse(text.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], CultureInfo.InvariantCulture);

    /// <summary>The workspace may not exist yet on a fresh home: its filesystem is that of its nearest parent.</summary>
    private static string ExistingAncestor(string path)
    {
        var current = new DirectoryInfo(path);
        while (!current.Exists && current.Parent is { } parent) current = parent;
        return current.FullName;
    }
}
