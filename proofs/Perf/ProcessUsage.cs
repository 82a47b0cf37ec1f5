using System.Globalization;

namespace Codewalkers.Proofs;

/// <summary>
/// CPU time and resident memory of a set of processes, read from /proc/&lt;pid&gt;/stat (utime + stime, in clock
/// ticks) and /proc/&lt;pid&gt;/status (VmRSS). CPU over a window is the ticks spent in it divided by its length: 1.0
/// is one core kept busy.
/// </summary>
public static class ProcessUsage
{
    /// <summary>USER_HZ: the unit of /proc's CPU times, 100 on every Linux this runs on.</summary>
    private const double TicksPerSecond = 100;

    public static IReadOnlyDictionary<int, long> CpuTicks(IEnumerable<int> pids)
    {
        var result = new Dictionary<int, long>();
        foreach (var pid in pids)
        {
            try
            {
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                // The command name (field 2) is in parentheses and may hold spaces: count fields after its ')'.
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                // Fields 14 and 15 (utime, stime) of the whole line are the 12th and 13th after the name.
                result[pid] = long.Parse(fields[11], CultureInfo.InvariantCulture)
                    + long.Parse(fields[12], CultureInfo.InvariantCulture);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* it exited */ }
        }
        return result;
    }

    /// <summary>Cores used between two readings of the same processes (one that exited meanwhile: left out).</summary>
    public static double Cores(
        IReadOnlyDictionary<int, long> before, IReadOnlyDictionary<int, long> after, TimeSpan window) =>
        after.Sum(pair => pair.Value - before.GetValueOrDefault(pair.Key)) / TicksPerSecond / window.TotalSeconds;

    public static long RssMb(IEnumerable<int> pids) => StatusKilobytes(pids, "VmRSS") / 1024;

    /// <summary>
    /// The processes' resident memory by kind, from /proc/&lt;pid&gt;/status: private anonymous memory (the .NET GC
    /// heap, native allocations such as SQLite's page cache, thread stacks), shared memory (in a .NET process the
    /// runtime's executable memory: JIT'd code, stubs and type data, mapped twice under W^X and counted in each
    /// mapping) and mapped files (the runtime, framework and application assemblies and native libraries, mostly the
    /// same pages in every .NET process of the machine).
    /// </summary>
    public static ProcessMemory MemoryOf(IEnumerable<int> pids)
    {
        var list = pids.ToList();
        return new ProcessMemory(StatusKilobytes(list, "VmRSS") / 1024, StatusKilobytes(list, "RssAnon") / 1024,
            StatusKilobytes(list, "RssShmem") / 1024, StatusKilobytes(list, "RssFile") / 1024);
    }

    private static long StatusKilobytes(IEnumerable<int> pids, string field)
    {
        long kilobytes = 0;
        foreach (var pid in pids)
        {
            try
            {
                var line = File.ReadLines($"/proc/{pid}/status")
                    .FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
                if (line is not null)
                {
                    kilobytes += long.Parse(
                        line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { /* it exited */ }
        }
        return kilobytes;
    }

    /// <summary>The 1-, 5- and 15-minute load averages, as uptime prints them.</summary>
    public static string LoadAverage() =>
        string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
}

/// <summary>Resident memory in MB, in all and by kind (<see cref="ProcessUsage.MemoryOf"/>).</summary>
public sealed record ProcessMemory(long RssMb, long AnonymousMb, long SharedMb, long FilesMb)
{
    public override string ToString() =>
        $"{RssMb:N0} MB (private {AnonymousMb:N0}, JIT'd code and runtime data {SharedMb:N0}, files {FilesMb:N0})";
}
